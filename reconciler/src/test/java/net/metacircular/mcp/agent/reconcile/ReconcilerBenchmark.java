package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.Action;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.runtime.RunArgv;
import net.metacircular.mcp.agent.runtime.RunRequest;
import net.metacircular.mcp.agent.source.FolderSource;
import net.metacircular.mcp.agent.source.SourceSnapshot;
import net.metacircular.mcp.agent.testing.PodmanShim;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecHash;
import net.metacircular.mcp.schema.ValidationPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler's benchmark (run with {@code scripts/bench}, never in the normal build): how much
 * slower than a plain shell script it converges N services from nothing, and what a no-op cycle of
 * 200 converged components costs. It asserts no timing, only behaviour: the cycles it times did
 * what they claim (everything created; nothing done and exactly one podman call when converged).
 * Figures go to {@code target/benchmarks.md}; the method is in {@code docs/benchmarks.md}.
 *
 * <p>System properties: {@code mcp.bench.runs} (timed runs per N, default 5), {@code
 * mcp.bench.cycles} (timed no-op cycles, default 20).
 */
@Tag("benchmark")
@RequiresPodman
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcilerBenchmark {
  private static final int RUNS = Integer.getInteger("mcp.bench.runs", 5);
  private static final int CYCLES = Integer.getInteger("mcp.bench.cycles", 20);
  private static final int WARMUP_CYCLES = 5;
  private static final int NOOP_SERVICES = 100;
  private static final String PS = "ps --all --format json";

  /**
   * Prune off: podman on a shared machine may hold other tests' managed containers (those without a
   * node label count as this agent's), and a benchmark must never remove them. They show up as
   * reports; cycles that have any are counted as disturbed.
   */
  private static final PlanOptions OPTIONS = new PlanOptions(true, false, Set.of());

  /** Markdown sections by title, written out after the last benchmark. */
  private static final Map<String, String> SECTIONS =
      Collections.synchronizedMap(new LinkedHashMap<>());

  /**
   * One line per figure against its target, tab-separated (measure, figure, target, met or not
   * met), written to {@code target/benchmarks-summary.tsv} for {@code scripts/bench}'s summary
   * table.
   */
  private static final List<String> SUMMARY = Collections.synchronizedList(new ArrayList<>());

  @AfterAll
  static void writeResults() throws IOException {
    StringBuilder md =
        new StringBuilder("<!-- written by ReconcilerBenchmark (scripts/bench) -->\n");
    SECTIONS.forEach(
        (title, body) -> md.append("\n### ").append(title).append("\n\n").append(body));
    Path out = Path.of(System.getProperty("basedir", ".")).resolve("target/benchmarks.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, md.toString());
    Files.write(out.resolveSibling("benchmarks-summary.tsv"), SUMMARY);
    System.out.print(md);
  }

  @Test
  @Order(1)
  void machine(TestPodman t) {
    String host = "";
    try {
      host =
          Files.readString(Path.of("/proc/cpuinfo"))
              .lines()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).strip())
              .findFirst()
              .orElse("");
    } catch (IOException e) {
      host = "unknown CPU";
    }
    SECTIONS.put(
        "Machine",
        "| what | value |\n| --- | --- |\n"
            + row("CPUs (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()))
            + row("CPU", host)
            + row("memory", mib(totalMemory()))
            + row("podman", t.podman().version() + " (" + t.environment() + ")")
            + row(
                "JVM",
                System.getProperty("java.vm.name")
                    + " "
                    + System.getProperty("java.version")
                    + ", max heap "
                    + mib(Runtime.getRuntime().maxMemory()))
            + row("OS", System.getProperty("os.name") + " " + System.getProperty("os.version")));
  }

  @Test
  @Order(2)
  void convergeTenServicesFromNothing(TestPodman t, @TempDir Path root) throws Exception {
    converge(10, t, root);
  }

  @Test
  @Order(3)
  void convergeFiftyServicesFromNothing(TestPodman t, @TempDir Path root) throws Exception {
    converge(50, t, root);
  }

  /**
   * N services of one component each, converged by the agent (a fresh registry each run, one
   * reconcile from files to running containers) and by a shell script of the same {@code podman
   * run} commands, alternately, with every container removed between runs.
   */
  private void converge(int n, TestPodman t, Path root) throws Exception {
    Path files = Files.createDirectories(root.resolve("files"));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String svc = t.service(String.format(Locale.ROOT, "c%03d", i));
      Files.writeString(
          files.resolve(svc + ".toml"),
          "name = \"" + svc + "\"\nnode = \"" + t.prefix() + "\"\n" + component("app", t.image()));
      names.add(ServiceSpec.containerName(svc, "app"));
    }
    Path script = script(t, files, root.resolve("converge.sh"));

    // Warm-up (discarded): the agent's classes, SQLite and podman's caches. The agent goes through
    // the shim here, which proves it issues exactly the script's commands.
    PodmanShim shim = PodmanShim.create(t, Files.createDirectories(root.resolve("shim")));
    agentRun(t, files, root.resolve("warm"), shim);
    assertThat(shim.calls().stream().filter(c -> c.startsWith("run ")).sorted().toList())
        .isEqualTo(scriptCommands(script));
    removeAll(t, names);
    scriptRun(t, script, n);
    removeAll(t, names);

    List<Double> agent = new ArrayList<>();
    List<Double> shell = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      double a;
      double s;
      // Alternate who goes first, so that drift on the machine favours neither.
      if (run % 2 == 0) {
        a = agentRun(t, files, root.resolve("run" + run), null);
        removeAll(t, names);
        s = scriptRun(t, script, n);
      } else {
        s = scriptRun(t, script, n);
        removeAll(t, names);
        a = agentRun(t, files, root.resolve("run" + run), null);
      }
      removeAll(t, names);
      agent.add(a);
      shell.add(s);
      ratios.add(a / s);
    }
    double ratio = median(agent) / median(shell);
    String section = "Converging N services from nothing";
    String header =
        "| N | runs | agent median | script median | agent / script (of medians) |"
            + " per-run ratios (min–max) | all agent runs | all script runs |\n"
            + "| ---: | ---: | ---: | ---: | ---: | --- | --- | --- |\n";
    String line =
        String.format(
            Locale.ROOT,
            "| %d | %d | %.2f s | %.2f s | **%.3f** | %.3f–%.3f | %s | %s |%n",
            n,
            RUNS,
            median(agent),
            median(shell),
            ratio,
            Collections.min(ratios),
            Collections.max(ratios),
            seconds(agent),
            seconds(shell));
    SECTIONS.merge(section, header + line, (was, add) -> was + add.substring(header.length()));
    summary(
        "converge " + n + " services from nothing: agent / shell script (ratio of medians)",
        String.format(
            Locale.ROOT,
            "%.2f (runs %.2f–%.2f)",
            ratio,
            Collections.min(ratios),
            Collections.max(ratios)),
        "≤ 1.1",
        ratio <= 1.1);
  }

  /** One agent converging the files from nothing; the seconds of its one reconcile. */
  private static double agentRun(TestPodman t, Path files, Path root, PodmanShim shim)
      throws Exception {
    assertThat(t.containers()).isEmpty();
    AgentHarness agent =
        new AgentHarness(t, root, PlanOptions.DEFAULTS, shim == null ? t.podman() : shim.podman());
    try {
      copyFiles(files, agent.services);
      long t0 = System.nanoTime();
      CycleResult result = agent.reconcile();
      long t1 = System.nanoTime();
      assertThat(own(t, result))
          .hasSize(countFiles(files))
          .allMatch(o -> o.result() == Outcome.Result.DONE && o.action() instanceof Action.Create);
      assertThat(t.containers()).allMatch(c -> c.running());
      return (t1 - t0) / 1e9;
    } finally {
      agent.stop();
    }
  }

  /** The script run once; its wall time in seconds. */
  private static double scriptRun(TestPodman t, Path script, int n) throws Exception {
    assertThat(t.containers()).isEmpty();
    ProcessBuilder pb =
        new ProcessBuilder("sh", script.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(t.environment());
    long t0 = System.nanoTime();
    Process p = pb.start();
    boolean done = p.waitFor(10, TimeUnit.MINUTES);
    long t1 = System.nanoTime();
    assertThat(done).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(t.containers()).hasSize(n).allMatch(c -> c.running());
    return (t1 - t0) / 1e9;
  }

  /**
   * A shell script of the agent's own {@code podman run} argument vectors for these files: the same
   * names, labels (spec hash, commit, node), restart policy and stop timeout.
   */
  private static Path script(TestPodman t, Path files, Path out) throws IOException {
    SourceSnapshot snapshot = new FolderSource(files).fetch();
    ServiceParser parser = new ServiceParser(new ValidationPolicy(files, List.of()));
    StringBuilder sh = new StringBuilder("#!/bin/sh\nset -e\n");
    for (Map.Entry<String, String> f : snapshot.files().entrySet()) {
      ServiceSpec spec = parser.parse(f.getKey(), f.getValue()).orElseThrow();
      for (ComponentSpec c : spec.components()) {
        RunRequest request =
            new RunRequest(c, spec.name(), SpecHash.of(c), snapshot.revision(), t.prefix());
        List<String> argv = new ArrayList<>();
        argv.add(t.settings().executable());
        argv.addAll(RunArgv.of(request));
        sh.append(String.join(" ", argv.stream().map(ReconcilerBenchmark::quote).toList()))
            .append(" >/dev/null\n");
      }
    }
    Files.writeString(out, sh.toString());
    return out;
  }

  /** The script's podman commands as the shim logs them ({@code $*}), sorted. */
  private static List<String> scriptCommands(Path script) throws IOException {
    return Files.readAllLines(script).stream()
        .filter(l -> l.contains("'run'"))
        .map(l -> l.substring(l.indexOf("'run'"), l.lastIndexOf(" >/dev/null")))
        .map(l -> l.replace("'", ""))
        .sorted()
        .toList();
  }

  // ---- the no-op cycle ----

  /**
   * 100 services of two components (200 containers) converged, then no-op cycles: each timed around
   * {@link Reconciler#reconcile} alone (the snapshot is read before), with the podman calls it made
   * counted by the shim.
   */
  @Test
  @Order(4)
  void noOpCycleOfTwoHundredComponents(TestPodman t, @TempDir Path root) throws Exception {
    PodmanShim shim = PodmanShim.create(t, root);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    com.sun.management.OperatingSystemMXBean os =
        ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
    List<String> names = new ArrayList<>();
    try (AgentHarness agent = new AgentHarness(t, root, OPTIONS, shim.podman())) {
      for (int i = 0; i < NOOP_SERVICES; i++) {
        String svc = t.service(String.format(Locale.ROOT, "n%03d", i));
        agent.write(
            svc,
            agent.service(svc, "")
                + component("api", t.image())
                + component("web", t.image(), "depends_on = [\"api\"]"));
        names.add(ServiceSpec.containerName(svc, "api"));
        names.add(ServiceSpec.containerName(svc, "web"));
      }
      long c0 = System.nanoTime();
      assertThat(own(t, agent.reconcile())).hasSize(names.size());
      double convergeSeconds = (System.nanoTime() - c0) / 1e9;

      for (int i = 0; i < WARMUP_CYCLES; i++) {
        assertThat(own(t, agent.reconcile())).isEmpty();
      }
      List<Double> threadCpu = new ArrayList<>();
      List<Double> processCpu = new ArrayList<>();
      List<Double> wall = new ArrayList<>();
      List<Double> callCounts = new ArrayList<>();
      Map<String, Integer> calls = new HashMap<>();
      int disturbed = 0;
      for (int i = 0; i < CYCLES; i++) {
        SourceSnapshot snapshot = new FolderSource(agent.services).fetch();
        shim.clear();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long proc0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        CycleResult result = agent.reconciler().reconcile(snapshot, Set.of());
        long w1 = System.nanoTime();
        long proc1 = os.getProcessCpuTime();
        long cpu1 = threads.getCurrentThreadCpuTime();
        assertThat(own(t, result)).isEmpty();
        List<String> made = shim.calls();
        made.forEach(c -> calls.merge(c, 1, Integer::sum));
        callCounts.add((double) made.size());
        // Behaviour, not speed: a converged cycle asks podman exactly one thing.
        assertThat(made).containsExactly(PS);
        if (!result.outcomes().isEmpty()) {
          disturbed++; // another test's container came or went: not a no-op, not timed
          continue;
        }
        threadCpu.add((cpu1 - cpu0) / 1e6);
        processCpu.add((proc1 - proc0) / 1e6);
        wall.add((w1 - w0) / 1e6);
      }
      long heapAfter = memory.getHeapMemoryUsage().getUsed();
      // The floor of a cycle's wall time: podman's own ps of the same containers.
      List<Double> bare = new ArrayList<>();
      for (int i = 0; i < WARMUP_CYCLES; i++) {
        long p0 = System.nanoTime();
        t.podman().ps();
        bare.add((System.nanoTime() - p0) / 1e6);
      }
      System.gc();
      long heapAfterGc = memory.getHeapMemoryUsage().getUsed();

      SECTIONS.put(
          "No-op reconcile cycle, " + names.size() + " components converged",
          String.format(
              Locale.ROOT,
              "%d services × 2 components (no health checks), converged from nothing in %.1f s"
                  + " (one cycle, through the shim); then %d warm-up and %d no-op cycles, of"
                  + " which %d were disturbed by other tests' containers and not timed."
                  + "%n%n| measure | median | p90 | max |%n| --- | ---: | ---: | ---: |%n"
                  + "| podman calls per cycle | %.0f | %.0f | %.0f |%n"
                  + "| reconciling thread CPU | %.1f ms | %.1f ms | %.1f ms |%n"
                  + "| process CPU (all JVM threads) | %.1f ms | %.1f ms | %.1f ms |%n"
                  + "| wall time | %.1f ms | %.1f ms | %.1f ms |%n"
                  + "| wall time of a bare `podman ps` (%d calls, no shim) | %.1f ms | %.1f ms | %.1f ms |%n%n"
                  + "podman calls over the %d no-op cycles: %s.%n%n"
                  + "Heap used after the cycles: %s; after a System.gc(): %s (max heap %s).%n",
              NOOP_SERVICES,
              convergeSeconds,
              WARMUP_CYCLES,
              CYCLES,
              disturbed,
              median(callCounts),
              percentile(callCounts, 0.9),
              Collections.max(callCounts),
              median(threadCpu),
              percentile(threadCpu, 0.9),
              Collections.max(threadCpu),
              median(processCpu),
              percentile(processCpu, 0.9),
              Collections.max(processCpu),
              median(wall),
              percentile(wall, 0.9),
              Collections.max(wall),
              bare.size(),
              median(bare),
              percentile(bare, 0.9),
              Collections.max(bare),
              CYCLES,
              calls.entrySet().stream()
                  .map(e -> "`podman " + e.getKey() + "` × " + e.getValue())
                  .toList(),
              mib(heapAfter),
              mib(heapAfterGc),
              mib(Runtime.getRuntime().maxMemory())));
      summary(
          "no-op cycle, " + names.size() + " components: podman calls per cycle",
          String.format(
              Locale.ROOT, "%.0f (max %.0f)", median(callCounts), Collections.max(callCounts)),
          "1 (podman ps)",
          Collections.max(callCounts) == 1);
      summary(
          "no-op cycle, " + names.size() + " components: reconciling thread CPU (median)",
          String.format(
              Locale.ROOT, "%.1f ms (p90 %.1f)", median(threadCpu), percentile(threadCpu, 0.9)),
          "< 50 ms",
          median(threadCpu) < 50);
      summary(
          "no-op cycle, " + names.size() + " components: process CPU, every JVM thread (median)",
          String.format(
              Locale.ROOT, "%.1f ms (p90 %.1f)", median(processCpu), percentile(processCpu, 0.9)),
          "< 50 ms",
          median(processCpu) < 50);
      removeAll(t, names);
    }
  }

  // ---- helpers ----

  private static void summary(String measure, String figure, String target, boolean met) {
    SUMMARY.add(String.join("\t", measure, figure, target, met ? "met" : "not met"));
  }

  /** The outcomes about this test's own containers. */
  private static List<Outcome> own(TestPodman t, CycleResult result) {
    return result.outcomes().stream()
        .filter(o -> o.action().containerName().startsWith(t.prefix() + "-"))
        .toList();
  }

  /** Every named container gone, in one {@code podman rm}. */
  private static void removeAll(TestPodman t, List<String> names) throws Exception {
    List<String> argv =
        new ArrayList<>(
            List.of(t.settings().executable(), "rm", "--force", "--ignore", "--time", "0"));
    argv.addAll(names);
    ProcessBuilder pb =
        new ProcessBuilder(argv)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(t.environment());
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(t.containers()).isEmpty();
  }

  private static void copyFiles(Path from, Path to) throws IOException {
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private static int countFiles(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return (int) files.count();
    }
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int m = s.size() / 2;
    return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
  }

  /** Nearest-rank percentile. */
  private static double percentile(List<Double> xs, double p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int rank = (int) Math.ceil(p * s.size());
    return s.get(Math.max(0, rank - 1));
  }

  private static String seconds(List<Double> xs) {
    return String.join(" ", xs.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
  }

  private static String row(String what, String value) {
    return "| " + what + " | " + value.replace("|", "\\|") + " |\n";
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static long totalMemory() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
        .getTotalMemorySize();
  }
}
