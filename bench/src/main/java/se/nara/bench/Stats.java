package se.nara.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics helpers: median/min/max over runs and percentiles over samples. */
final class Stats {
  private Stats() {}

  /** Median, min and max of a metric over runs. */
  record Summary(double median, double min, double max, int n) {
    static Summary of(List<Double> values) {
      if (values.isEmpty()) {
        return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
      }
      List<Double> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      int n = sorted.size();
      double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
      return new Summary(median, sorted.get(0), sorted.get(n - 1), n);
    }
  }

  /** The {@code p}-th percentile (nearest rank) of {@code samples}. */
  static double percentile(List<Double> samples, double p) {
    if (samples.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
