package se.nara.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar bench/target/nara-bench.jar --size team --runs 3}. */
@Command(
    name = "nara-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks a real Nära server process on embedded SQLite with simulated tablets (real SDK and raw protocol),",
      "side by side with this machine's SQLite limits. Everything runs on 127.0.0.1."
    })
public final class BenchMain implements Callable<Integer> {
  @Option(names = "--size", defaultValue = "team", description = "team | municipality | smoke (default ${DEFAULT-VALUE})")
  String size;

  @Option(names = "--runs", defaultValue = "3", description = "Runs per measurement; median/min/max over them (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--tablets", defaultValue = "20", description = "Tablets in the push and pull runs (default ${DEFAULT-VALUE}).")
  int tablets;

  @Option(names = "--mutations", defaultValue = "5000", description = "Mutations each tablet pushes (default ${DEFAULT-VALUE}).")
  int mutations;

  @Option(names = "--push-batch", defaultValue = "200", description = "Raw-mode push batch size; the SDK's is 200 (default ${DEFAULT-VALUE}).")
  int pushBatch;

  @Option(names = "--pull-page", defaultValue = "1000", description = "Raw-mode pull page size; the SDK's is 1000 (default ${DEFAULT-VALUE}).")
  int pullPage;

  @Option(names = "--latency-calls", defaultValue = "200", description = "No-change pulls per latency measurement (default ${DEFAULT-VALUE}).")
  int latencyCalls;

  @Option(names = "--concurrency", defaultValue = "50,200", split = ",", description = "Tablets syncing at once in the round-trip runs; 0 skips them (default ${DEFAULT-VALUE}).")
  List<Integer> concurrency;

  @Option(names = "--warmup", defaultValue = "6", description = "Untimed rounds of the raw pull run before the timed one, so both JVMs' JIT compilers have done their work (the first is reported as the cold figure); 0 also skips the push warm-up (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--rt-warmup", defaultValue = "30", description = "Untimed rounds of each round-trip run before the timed ones, at least 1. Hundreds of simulated tablets on one machine keep both JIT compilers busy for the first couple of dozen rounds; real tablets would not share the server's CPU (default ${DEFAULT-VALUE}).")
  int rtWarmup;

  @Option(names = "--push-warmup", defaultValue = "-1", description = "Mutations per tablet in the untimed push before the timed one, from the same devices and of the same mix; -1 means as many as --mutations, 0 none (default ${DEFAULT-VALUE}).")
  int pushWarmup;

  @Option(names = "--rounds", defaultValue = "5", description = "Measured round trips per tablet, after the --warmup rounds (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--scale", defaultValue = "1,10,100", split = ",", description = "Database sizes, in teams of data, for the pull-cost-vs-size runs; 0 skips them (default ${DEFAULT-VALUE}).")
  List<Integer> scale;

  @Option(names = "--scale-delta", defaultValue = "200", description = "Mutations in the fixed delta of the size runs (default ${DEFAULT-VALUE}).")
  int scaleDelta;

  @Option(names = "--no-sdk", description = "Skip the SDK session (raw protocol only).")
  boolean noSdk;

  @Option(names = "--seed", defaultValue = "7", description = "Data seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--limit-rows", defaultValue = "100000", description = "Rows in the raw SQLite insert/scan limit (default ${DEFAULT-VALUE}).")
  int limitRows;

  @Option(names = "--work-dir", defaultValue = "bench/target/bench-work", description = "Databases and server logs (default ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(names = "--out", defaultValue = "bench/target/bench-results", description = "Where results.json and results.md go (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--server-jvm", split = " ", defaultValue = ServerProcess.DEPLOYMENT_JVM,
      description = "JVM options for the server process, space-separated (default: the deployment settings in the README, ${DEFAULT-VALUE}).")
  List<String> serverJvm = new ArrayList<>();

  @Option(names = "--quiet", description = "No progress lines.")
  boolean quiet;

  String[] args = new String[0];

  /** Set by {@link #call()}: what the last run measured (the smoke test reads it). */
  BenchRunner runner;

  @Override
  public Integer call() throws Exception {
    Size s = Size.valueOf(size.toUpperCase());
    List<Integer> scales = new ArrayList<>(scale);
    scales.removeIf(f -> f <= 0);
    List<Integer> concurrencies = new ArrayList<>(concurrency);
    concurrencies.removeIf(c -> c <= 0);
    BenchRunner.Options o =
        new BenchRunner.Options(s, runs, tablets, mutations, pushBatch, pullPage, latencyCalls, concurrencies, rounds,
            warmup, rtWarmup, pushWarmup < 0 ? mutations : pushWarmup, scales, scaleDelta, !noSdk, seed, workDir.toAbsolutePath(), serverJvm, limitRows);
    Progress progress = new Progress(System.err, quiet);
    Map<String, String> machine = machine();
    progress.log("machine: " + machine);
    String command = "java -jar bench/target/nara-bench.jar " + String.join(" ", args);
    runner = new BenchRunner(o, progress);
    long started = System.nanoTime();
    runner.runAll();
    machine.put("bench wall time", String.format("%.0f s", (System.nanoTime() - started) / 1e9));
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = out.toAbsolutePath();
    Report.write(dir.resolve(stamp), command, machine, o, runner);
    Report.write(dir.resolve("latest"), command, machine, o, runner);
    System.out.println();
    System.out.println("Nära benchmark, size " + size + ", " + runs + " run(s): median, min, max over runs");
    System.out.print(Report.table(o, runner.metrics));
    System.out.println();
    System.out.println("facts: " + runner.facts);
    System.out.println("results: " + dir.resolve(stamp).resolve("results.md") + " (and results.json)");
    return 0;
  }

  static Map<String, String> machine() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          m.put("memory", Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MiB");
          break;
        }
      }
    } catch (Exception e) {
      m.put("cpu", "unknown (" + e.getMessage() + ")");
    }
    m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return m;
  }

  /** Entry point. */
  public static void main(String[] args) {
    BenchMain main = new BenchMain();
    main.args = Arrays.copyOf(args, args.length);
    int exit = new CommandLine(main).execute(args);
    System.exit(exit);
  }
}
