package se.nara.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the runner's samples into the table, results.json and results.md. */
final class Report {
  /** How a metric is shown and which target of issue 7 it is checked against. */
  record Metric(String key, String label, String unit, double scale, String target, Double atLeast, Double below) {}

  static List<Metric> metrics(BenchRunner.Options o, Map<String, List<Double>> values) {
    String shape = o.tablets() + " tablets x " + o.mutations();
    List<Metric> m = new ArrayList<>();
    m.add(new Metric("limit.insert", "Limit: raw batched JDBC insert (WAL, synchronous=NORMAL)", "docs/s", 1, "(about 37,000 on the reference machine)", null, null));
    m.add(new Metric("limit.scan", "Limit: raw ordered scan", "docs/s", 1, "(about 400,000 on the reference machine)", null, null));
    m.add(new Metric("push.raw", "Push, raw protocol (" + shape + ", batches of " + o.pushBatch() + ")", "mutations/s", 1, ">= 15,000", 15_000.0, null));
    m.add(new Metric("push.raw.ratio", "  push raw / raw insert limit", "ratio", 1, ">= 0.40", 0.4, null));
    m.add(new Metric("push.sdk", "Push through the SDK (" + shape + ", SDK batches of 200, until the last push answer)", "mutations/s", 1, ">= 15,000", 15_000.0, null));
    m.add(new Metric("sync.sdk.seconds", "  whole SDK sync incl. pulling the other tablets' changes", "s", 1, "-", null, null));
    m.add(new Metric("push.sdk.ratio", "  push SDK / raw insert limit", "ratio", 1, ">= 0.40", 0.4, null));
    m.add(new Metric("sdk.localWrites", "SDK local writes before the push (" + o.tablets() + " tablets in parallel)", "changes/s", 1, "-", null, null));
    m.add(new Metric("pull.raw", "Pull, raw protocol (" + o.tablets() + " tablets, everything visible, pages of " + o.pullPage() + ")", "records/s", 1, ">= 100,000", 100_000.0, null));
    m.add(new Metric("pull.raw.ratio", "  pull raw / raw scan limit", "ratio", 1, ">= 0.25", 0.25, null));
    m.add(new Metric("pull.raw.cold", "  the same, first run after the server started (cold JIT)", "records/s", 1, "-", null, null));
    m.add(new Metric("pull.sdk", "Pull through the SDK (" + o.tablets() + " tablets' first sync)", "records/s", 1, ">= 100,000", 100_000.0, null));
    m.add(new Metric("pull.sdk.ratio", "  pull SDK / raw scan limit", "ratio", 1, ">= 0.25", 0.25, null));
    m.add(new Metric("initial.seconds", "Initial sync of one fresh tablet (SDK, one team)", "s", 1, "< 2 s", null, 2.0));
    m.add(new Metric("initial.bytes", "  bytes on the wire, both directions", "KiB", 1.0 / 1024, "-", null, null));
    m.add(new Metric("initial.records", "  records pulled", "records", 1, "-", null, null));
    m.add(new Metric("nochange.server.p50", "No-change pull at the server p50 (" + o.latencyCalls() + " calls, Server-Timing)", "ms", 1, "< 1 ms", null, 1.0));
    m.add(new Metric("nochange.server.p99", "No-change pull at the server p99", "ms", 1, "< 5 ms", null, 5.0));
    m.add(new Metric("nochange.p50", "  the same seen by the client (HTTP on 127.0.0.1, gzip) p50", "ms", 1, "-", null, null));
    m.add(new Metric("nochange.p99", "  the same seen by the client p99", "ms", 1, "-", null, null));
    m.add(new Metric("verify.server.p50", "Drift check of a caught-up tablet (sync/verify, daily) at the server p50", "ms", 1, "-", null, null));
    m.add(new Metric("verify.bytes", "  its answer, uncompressed", "KiB", 1.0 / 1024, "-", null, null));
    for (int c : o.concurrency()) {
      m.add(new Metric("rt" + c + ".p50", "Sync round trip p50, " + c + " tablets at once", "ms", 1, "-", null, null));
      m.add(new Metric("rt" + c + ".p99", "Sync round trip p99, " + c + " tablets at once", "ms", 1, c >= 200 ? "< 250 ms" : "-", null, c >= 200 ? 250.0 : null));
    }
    m.add(new Metric("rss.raw20", "Server peak RSS, raw session after the " + o.tablets() + "-tablet runs", "MiB", 1, "< 256 MiB", null, 256.0));
    m.add(new Metric("rss.sdk20", "Server peak RSS, SDK session after the " + o.tablets() + "-tablet runs", "MiB", 1, "< 256 MiB", null, 256.0));
    m.add(new Metric("rss.rawEnd", "Server peak RSS, raw session incl. round trips", "MiB", 1, "-", null, null));
    for (int f : o.scale()) {
      m.add(new Metric("scale." + f + ".deltaMs", "Pull of a fixed delta, " + f + "x data", "ms", 1, "flat", null, null));
      m.add(new Metric("scale." + f + ".nochange.p50", "  no-change pull at the server p50, " + f + "x data", "ms", 1, "< 1 ms, flat", null, 1.0));
      m.add(new Metric("scale." + f + ".nochange.p99", "  no-change pull at the server p99, " + f + "x data", "ms", 1, "< 5 ms, flat", null, 5.0));
      m.add(new Metric("scale." + f + ".nochange.client.p50", "  the same seen by the client p50, " + f + "x data", "ms", 1, "-", null, null));
    }
    m.removeIf(x -> !values.containsKey(x.key()));
    return m;
  }

  static String status(Metric m, Stats.Summary s) {
    if (m.atLeast() != null) {
      return s.median() >= m.atLeast() ? "met" : "MISSED";
    }
    if (m.below() != null) {
      return s.median() * m.scale() < m.below() ? "met" : "MISSED";
    }
    return "";
  }

  static String format(double v) {
    double a = Math.abs(v);
    if (Double.isNaN(v)) {
      return "-";
    }
    if (a >= 1000) {
      return String.format("%,.0f", v);
    }
    if (a >= 100) {
      return String.format("%.0f", v);
    }
    if (a >= 10) {
      return String.format("%.1f", v);
    }
    return String.format("%.2f", v);
  }

  static String table(BenchRunner.Options o, Map<String, List<Double>> values) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-78s %-12s %10s %10s %10s  %-16s %s%n", "metric", "unit", "median", "min", "max", "target", ""));
    for (Metric m : metrics(o, values)) {
      Stats.Summary s = Stats.Summary.of(values.get(m.key()));
      sb.append(String.format("%-78s %-12s %10s %10s %10s  %-16s %s%n", m.label(), m.unit(),
          format(s.median() * m.scale()), format(s.min() * m.scale()), format(s.max() * m.scale()), m.target(), status(m, s)));
    }
    return sb.toString();
  }

  static String markdown(BenchRunner.Options o, Map<String, List<Double>> values) {
    StringBuilder sb = new StringBuilder();
    sb.append("| metric | unit | median | min | max | runs | target | |\n|---|---|--:|--:|--:|--:|---|---|\n");
    for (Metric m : metrics(o, values)) {
      Stats.Summary s = Stats.Summary.of(values.get(m.key()));
      sb.append("| ").append(m.label().trim()).append(" | ").append(m.unit()).append(" | ")
          .append(format(s.median() * m.scale())).append(" | ").append(format(s.min() * m.scale())).append(" | ")
          .append(format(s.max() * m.scale())).append(" | ").append(s.n()).append(" | ").append(m.target())
          .append(" | ").append(status(m, s)).append(" |\n");
    }
    return sb.toString();
  }

  static void write(Path dir, String command, Map<String, String> machine, BenchRunner.Options o, BenchRunner runner)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("command", command);
    json.put("machine", machine);
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("size", o.size().name().toLowerCase());
    opts.put("runs", o.runs());
    opts.put("tablets", o.tablets());
    opts.put("mutationsPerTablet", o.mutations());
    opts.put("pushBatch", o.pushBatch());
    opts.put("pullPage", o.pullPage());
    opts.put("latencyCalls", o.latencyCalls());
    opts.put("concurrency", o.concurrency());
    opts.put("rounds", o.rounds());
    opts.put("scale", o.scale());
    opts.put("seed", o.seed());
    opts.put("serverJvmOptions", o.serverJvmOptions());
    opts.put("serverEnvironment", ServerProcess.environment());
    json.put("options", opts);
    json.put("facts", runner.facts);
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : runner.metrics.entrySet()) {
      Stats.Summary s = Stats.Summary.of(e.getValue());
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("median", s.median());
      v.put("min", s.min());
      v.put("max", s.max());
      v.put("values", e.getValue());
      metrics.put(e.getKey(), v);
    }
    json.put("metrics", metrics);
    Files.writeString(dir.resolve("results.json"), new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json));
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("`\n\n");
    for (Map.Entry<String, String> e : machine.entrySet()) {
      md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    for (Map.Entry<String, String> e : runner.facts.entrySet()) {
      md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    md.append('\n').append(markdown(o, runner.metrics));
    Files.writeString(dir.resolve("results.md"), md.toString());
  }
}
