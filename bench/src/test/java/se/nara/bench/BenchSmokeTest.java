package se.nara.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the whole harness at a tiny size (a real server process, raw and SDK tablets, the size
 * runs) and checks that it measured something sane. Not a benchmark: the figures are cold-JIT.
 */
class BenchSmokeTest {
  @TempDir Path dir;

  @Test
  void tinyRunMeasuresEveryMetricAndAppliesEveryMutation() throws Exception {
    BenchMain main = new BenchMain();
    int exit =
        new CommandLine(main)
            .execute("--size=smoke", "--runs=1", "--tablets=2", "--mutations=20", "--latency-calls=10",
                "--concurrency=3", "--rounds=1", "--warmup=1", "--rt-warmup=1", "--scale=1", "--scale-delta=10", "--limit-rows=2000",
                "--work-dir=" + dir.resolve("work"), "--out=" + dir.resolve("out"), "--quiet");
    assertEquals(0, exit);
    Map<String, List<Double>> m = main.runner.metrics;
    for (String key : List.of("limit.insert", "limit.scan", "push.raw", "push.sdk", "pull.raw", "pull.raw.cold", "pull.sdk",
        "initial.seconds", "initial.bytes", "nochange.p50", "nochange.p99", "nochange.server.p50", "nochange.server.p99", "rt3.p50", "rt3.p99", "rss.raw20",
        "scale.1.deltaMs", "scale.1.nochange.p50", "scale.1.nochange.client.p50")) {
      assertTrue(m.containsKey(key) && m.get(key).get(0) > 0, key + " = " + m.get(key));
    }
    assertEquals(0.0, m.get("push.raw.notApplied").get(0), "every raw mutation applied");
    assertEquals(0.0, m.get("push.sdk.notApplied").get(0), "every SDK mutation applied");
    assertTrue(m.get("initial.records").get(0) > 100, "the initial sync pulled the team");
    assertTrue(Files.exists(dir.resolve("out").resolve("latest").resolve("results.json")));
    assertTrue(Files.readString(dir.resolve("out").resolve("latest").resolve("results.md")).contains("| metric |"));
  }
}
