package net.metacircular.mcp.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.registry.ServiceRecord;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RuntimeFixture;
import net.metacircular.mcp.schema.api.ActionResult;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.StatusResponse;

/**
 * One git commit adding 500 services, applied by a real agent from a real git remote: it converges
 * and says so; a commit changing 10 of them recreates exactly those 10; a commit deleting all 500
 * prunes exactly those and nothing else, while status requests are answered throughout. Run on real
 * podman ({@link HugeCommitTest}) and on the in-memory runtime ({@link HugeCommitInMemoryTest}):
 * the same steps and assertions, but that a status is answered <em>while</em> a sync still runs,
 * which only a runtime that takes time can show.
 *
 * <p>The services join no network ({@code network = "none"}): on this CI's podman (CNI) a container
 * on the default bridge gets firewall chains of its own, and each {@code podman run} and {@code rm}
 * took 1.4 to 1.6 times as long as without a network (docs/benchmarks.md, "The test suite's time").
 * What this test asserts is the agent's, not the bridge's.
 */
final class HugeCommitScenario {
  /** A container outside any agent, with these labels ({@code podman run -d} on real podman). */
  interface Outsider {
    void run(String name, Map<String, String> labels);
  }

  private HugeCommitScenario() {}

  private static final int SERVICES = 500;
  private static final int CHANGED = 10;
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(20);
  private static final Duration STATUS_TIMEOUT = Duration.ofMinutes(2);

  /** The component's extra line: no network namespace of its own beyond loopback. */
  private static final String NO_NETWORK = "network = \"none\"";

  /** Retained heap (after a GC) of this JVM, agent and test together, may grow at most this. */
  private static final long HEAP_GROWTH_LIMIT = 256L << 20;

  private static String file(String service) {
    return service + ".toml";
  }

  private static String container(String service) {
    return service + "-api";
  }

  /** This node's managed containers, by name. */
  private static Map<String, ObservedContainer> mine(RuntimeFixture t) {
    return t.containers().stream()
        .filter(c -> c.ownedBy(t.prefix()))
        .collect(Collectors.toMap(ObservedContainer::name, c -> c));
  }

  private static Map<String, String> ids(RuntimeFixture t) {
    Map<String, String> out = new HashMap<>();
    t.containers().forEach(c -> out.put(c.name(), c.id()));
    return out;
  }

  private static List<Event> events(Registry r) {
    return r.events(EventQuery.recent(10_000).oldestFirst());
  }

  static long retainedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Between two status requests of the test's client during a sync. Each status lists every
   * container ({@code podman ps -a} of 500: about 0.8 s on CI's idle two cores, most of it CPU the
   * 500 {@code podman run}s need too); asked every second, the status alone took about a fifth of
   * the sync's time. Every 5 s still asks many times during each sync on podman (each takes a
   * minute or more), which is what the test proves: every answer a 200, and answers while it runs.
   */
  private static final Duration STATUS_EVERY = Duration.ofSeconds(5);

  /**
   * Syncs through the API while another client asks for the status every {@link #STATUS_EVERY};
   * every status must be a 200, and (on a runtime that takes time) at least one must be answered
   * while the sync still runs.
   */
  private static ReconcileResponse syncWhileAskingForStatus(
      GitApiAgent a, String what, boolean takesTime) throws Exception {
    AtomicBoolean syncing = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    List<Integer> codes = new CopyOnWriteArrayList<>();
    List<Throwable> problems = new CopyOnWriteArrayList<>();
    ScheduledExecutorService asker = Executors.newSingleThreadScheduledExecutor();
    asker.scheduleWithFixedDelay(
        () -> {
          try {
            HttpResponse<String> r = a.get("/v1/status", STATUS_TIMEOUT);
            codes.add(r.statusCode());
            if (syncing.get()) {
              answered.incrementAndGet();
            }
          } catch (RuntimeException | AssertionError e) {
            problems.add(e);
          }
        },
        0,
        STATUS_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    HttpResponse<String> r;
    try {
      r = a.post("/v1/sync", "", SYNC_TIMEOUT);
    } finally {
      syncing.set(false);
      asker.shutdown();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(asker.awaitTermination(STATUS_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS))
        .as("the status client stopped")
        .isTrue();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(problems).as("status requests that failed").isEmpty();
    assertThat(codes).as("status answers during the sync").containsOnly(200);
    if (takesTime) {
      assertThat(answered.get()).as("status answered while the sync still ran").isPositive();
    }
    System.out.printf(
        "HugeCommit: %s took %d s; %d status answers during it%n",
        what, took.toSeconds(), answered.get());
    return a.read(r, ReconcileResponse.class);
  }

  /**
   * The three commits through {@code a}, an agent on {@code t}'s runtime, made before {@code
   * heapBefore} was taken.
   *
   * @param takesTime whether the runtime takes time (real podman), so that status requests are
   *     answered while a sync still runs
   */
  static void run(
      RuntimeFixture t, Outsider outside, GitApiAgent a, long heapBefore, boolean takesTime)
      throws Exception {
    long cpuBefore = cpuNanos();
    // Containers the agent must never touch: a hand-made one, and another node's managed one.
    String foreign = t.name("foreign");
    outside.run(foreign, Map.of("app", "hand-made"));
    String otherNodes = container(t.service("other"));
    outside.run(
        otherNodes,
        Map.of(
            Labels.MANAGED, "true",
            Labels.NODE, "some-other-node",
            Labels.SERVICE, t.service("other"),
            Labels.COMPONENT, "api"));
    Map<String, String> outsiders = new HashMap<>(ids(t));
    assertThat(outsiders).containsOnlyKeys(foreign, otherNodes);

    List<String> services = new ArrayList<>();
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < SERVICES; i++) {
      String svc = t.service(String.format("s%03d", i));
      services.add(svc);
      files.put(file(svc), a.service(svc, t.image(), NO_NETWORK));
    }
    Set<String> containers =
        services.stream().map(HugeCommitScenario::container).collect(Collectors.toSet());

    // 1. One commit adds 500 services.
    String c1 = a.remote.commit("add " + SERVICES + " services", files);
    ReconcileResponse r1 = syncWhileAskingForStatus(a, "applying 500 new services", takesTime);
    assertThat(r1.commit()).isEqualTo(c1);
    assertThat(r1.failed()).isFalse();
    assertThat(r1.actions()).hasSize(SERVICES);
    assertThat(r1.actions())
        .allSatisfy(
            x -> {
              assertThat(x.kind()).isEqualTo("create");
              assertThat(x.result()).as(x.message()).isEqualTo("done");
            });

    Map<String, ObservedContainer> made = mine(t);
    assertThat(made.keySet()).containsExactlyInAnyOrderElementsOf(containers);
    assertThat(made.values())
        .allSatisfy(
            c -> {
              assertThat(c.running()).as(c.name()).isTrue();
              assertThat(c.label(Labels.COMMIT)).as(c.name()).contains(c1);
            });
    Registry registry = a.agent.registry();
    List<ServiceRecord> records =
        registry.services().stream().filter(s -> s.name().startsWith(t.prefix())).toList();
    assertThat(records).hasSize(SERVICES);
    assertThat(records).allSatisfy(s -> assertThat(s.appliedCommit()).as(s.name()).contains(c1));
    List<ComponentRecord> components = registry.allComponents();
    assertThat(components).hasSize(SERVICES);
    assertThat(components)
        .allSatisfy(
            c -> {
              assertThat(c.appliedCommit()).as(c.containerName()).isEqualTo(c1);
              assertThat(c.containerId())
                  .as(c.containerName())
                  .contains(made.get(c.containerName()).id());
            });
    assertThat(events(registry))
        .filteredOn(e -> e.kind() == EventKind.SYNCED && e.commit().equals(Optional.of(c1)))
        .as("one synced event naming the commit")
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains(c1.substring(0, 12)));

    HttpResponse<String> status = a.get("/v1/status", STATUS_TIMEOUT);
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    StatusResponse s1 = a.read(status, StatusResponse.class);
    assertThat(s1.healthy()).as("healthy").isTrue();
    assertThat(s1.source().appliedCommit()).isEqualTo(c1);
    assertThat(s1.services()).hasSize(SERVICES);
    assertThat(s1.services())
        .allSatisfy(
            s -> {
              assertThat(s.drift()).as(s.name() + " drift").isFalse();
              assertThat(s.outOfSync()).as(s.name() + " out of sync").isFalse();
              assertThat(s.appliedCommit()).as(s.name()).isEqualTo(c1);
              assertThat(s.error()).as(s.name()).isNull();
            });
    long heapAfterApply = retainedHeap();

    // 2. One commit changes ten: exactly those are recreated, the other 490 keep their
    // containers.
    Map<String, String> before = ids(t);
    List<String> changed = services.subList(0, CHANGED);
    Map<String, String> change = new LinkedHashMap<>();
    for (String svc : changed) {
      change.put(file(svc), a.service(svc, t.image("2"), NO_NETWORK));
    }
    String c2 = a.remote.commit("bump " + CHANGED + " services", change);
    ReconcileResponse r2 = syncWhileAskingForStatus(a, "changing 10 of 500 services", takesTime);
    assertThat(r2.commit()).isEqualTo(c2);
    assertThat(r2.actions())
        .extracting(ActionResult::container)
        .containsExactlyInAnyOrderElementsOf(
            changed.stream().map(HugeCommitScenario::container).toList());
    assertThat(r2.actions()).allSatisfy(x -> assertThat(x.kind()).isEqualTo("recreate"));
    Map<String, ObservedContainer> afterChange = mine(t);
    assertThat(afterChange.keySet()).containsExactlyInAnyOrderElementsOf(containers);
    for (String svc : services) {
      ObservedContainer c = afterChange.get(container(svc));
      assertThat(c.running()).as(c.name()).isTrue();
      if (changed.contains(svc)) {
        assertThat(c.id()).as(c.name() + " recreated").isNotEqualTo(before.get(c.name()));
        assertThat(c.image()).isEqualTo(t.image("2"));
        assertThat(c.label(Labels.COMMIT)).contains(c2);
      } else {
        assertThat(c.id()).as(c.name() + " untouched").isEqualTo(before.get(c.name()));
        assertThat(c.label(Labels.COMMIT)).contains(c1);
      }
    }
    assertThat(ids(t)).containsAllEntriesOf(outsiders);

    // 3. One commit deletes all 500: exactly those are pruned; the outsiders stay, running.
    Map<String, String> deletions = new LinkedHashMap<>();
    services.forEach(svc -> deletions.put(file(svc), null));
    String c3 = a.remote.commit("remove every service", deletions);
    ReconcileResponse r3 = syncWhileAskingForStatus(a, "pruning 500 services", takesTime);
    assertThat(r3.commit()).isEqualTo(c3);
    assertThat(r3.actions()).hasSize(SERVICES);
    assertThat(r3.actions())
        .allSatisfy(
            x -> {
              assertThat(x.kind()).isEqualTo("prune");
              assertThat(x.result()).as(x.message()).isEqualTo("done");
            });
    assertThat(mine(t)).isEmpty();
    assertThat(ids(t)).isEqualTo(outsiders);
    assertThat(t.containers()).allSatisfy(c -> assertThat(c.running()).as(c.name()).isTrue());
    assertThat(registry.services()).noneMatch(s -> s.name().startsWith(t.prefix()));
    assertThat(registry.allComponents()).isEmpty();
    List<Event> all = events(registry);
    assertThat(all).filteredOn(e -> e.kind() == EventKind.PRUNED).hasSize(SERVICES);
    assertThat(all).noneMatch(e -> e.message().contains(foreign));
    assertThat(all).noneMatch(e -> e.message().contains(otherNodes));
    StatusResponse s3 = a.read(a.get("/v1/status", STATUS_TIMEOUT), StatusResponse.class);
    assertThat(s3.services()).isEmpty();
    assertThat(s3.healthy()).isTrue();
    assertThat(a.integrityCheck()).isEqualTo("ok");

    long growth = heapAfterApply - heapBefore;
    System.out.printf(
        "HugeCommit: retained heap %d MiB before, %d MiB with 500 services applied;"
            + " JVM CPU time %d s in all%n",
        heapBefore >> 20, heapAfterApply >> 20, (cpuNanos() - cpuBefore) / 1_000_000_000L);
    assertThat(growth)
        .as("retained heap growth with 500 services applied, bytes")
        .isLessThan(HEAP_GROWTH_LIMIT);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
