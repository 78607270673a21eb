package net.metacircular.mcp.agent.api;

import static net.metacircular.mcp.agent.api.ApiTestAgent.READ;
import static net.metacircular.mcp.agent.api.ApiTestAgent.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.SnapshotResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API while the agent is busy: requests during a reconcile, snapshots during writes. */
@RequiresPodman
class ApiUnderLoadTest {
  @TempDir Path root;

  private static String services(ApiTestAgent a, String svc, int components) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < components; i++) {
      body.append(component("c" + i, TestPodman.IMAGE));
    }
    return a.service(svc, body.toString());
  }

  @Test
  void statusAndPsAreServedWhileASyncRuns(TestPodman t) throws Exception {
    try (ApiTestAgent a =
        new ApiTestAgent(root, ApiTestAgent.Setup.of(t.prefix(), t.environment()))) {
      String svc = t.service("many");
      a.write(svc, services(a, svc, 8));
      ExecutorService pool = Executors.newFixedThreadPool(21);
      try {
        Future<HttpResponse<String>> sync = pool.submit(() -> a.post("/v1/sync", ""));
        AtomicBoolean syncDone = new AtomicBoolean();
        AtomicInteger beforeSyncEnded = new AtomicInteger();
        List<Future<HttpResponse<String>>> reads = new ArrayList<>();
        // The reads start once the sync has begun creating containers.
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> t.containers().stream().anyMatch(c -> c.name().startsWith(svc)));
        for (int i = 0; i < 20; i++) {
          String path = i % 2 == 0 ? "/v1/status" : "/v1/ps";
          reads.add(
              pool.submit(
                  () -> {
                    HttpResponse<String> r = a.get(path, READ);
                    if (!syncDone.get()) {
                      beforeSyncEnded.incrementAndGet();
                    }
                    return r;
                  }));
        }
        HttpResponse<String> synced = sync.get(2, TimeUnit.MINUTES);
        syncDone.set(true);
        assertThat(synced.statusCode()).as(synced.body()).isEqualTo(200);
        assertThat(a.read(synced, ReconcileResponse.class).actions()).hasSize(8);
        for (Future<HttpResponse<String>> f : reads) {
          HttpResponse<String> r = f.get(1, TimeUnit.MINUTES);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        assertThat(beforeSyncEnded.get())
            .as("requests answered while the sync still ran")
            .isPositive();
      } finally {
        pool.shutdownNow();
        t.removeAll();
      }
    }
  }

  @Test
  void aSnapshotTakenDuringWritesRestoresToAnAgentThatRestartsNothing(TestPodman t)
      throws Exception {
    String svc = t.service("app");
    Path first = Files.createDirectories(root.resolve("first"));
    Map<String, ObservedContainer> before;
    Path snapshot;
    int written;
    try {
      try (ApiTestAgent a =
          new ApiTestAgent(first, ApiTestAgent.Setup.of(t.prefix(), t.environment()))) {
        a.write(svc, services(a, svc, 2));
        a.sync();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger count = new AtomicInteger();
        Registry registry = a.agent.registry();
        CompletableFuture<Void> writer =
            CompletableFuture.runAsync(
                () -> {
                  while (!stop.get()) {
                    registry.appendEvent(
                        NewEvent.ofService(
                            EventKind.SYNCED, svc, "load " + count.incrementAndGet()));
                  }
                });
        // Events are being written before, while and after the snapshot is taken.
        await().atMost(Duration.ofMinutes(1)).until(() -> count.get() >= 100);
        HttpResponse<String> r = a.post("/v1/snapshot", "");
        int atSnapshot = count.get();
        await().atMost(Duration.ofMinutes(1)).until(() -> count.get() > atSnapshot + 10);
        stop.set(true);
        writer.get(1, TimeUnit.MINUTES);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        snapshot = Path.of(a.read(r, SnapshotResponse.class).path());
        written = count.get();
        before = t.containers().stream().collect(Collectors.toMap(ObservedContainer::name, c -> c));
      }
      assertThat(before).containsOnlyKeys(svc + "-c0", svc + "-c1");

      // The snapshot is a healthy registry holding some, not necessarily all, of the writes.
      try (Registry copy = Registry.open(snapshot, Clock.systemUTC())) {
        assertThat(copy.services()).extracting(s -> s.name()).containsExactly(svc);
        int events = copy.events(EventQuery.recent(10_000).forService(svc)).size();
        assertThat(events).isPositive().isLessThanOrEqualTo(written + 10);
      }

      // Restored into a fresh data dir: the new agent adopts everything and restarts nothing.
      Path second = Files.createDirectories(root.resolve("second"));
      Files.createDirectories(second.resolve("data"));
      Files.copy(snapshot, second.resolve("data/mcp.db"));
      Files.createDirectories(second.resolve("services"));
      Files.copy(
          first.resolve("services/" + svc + ".toml"), second.resolve("services/" + svc + ".toml"));
      Instant restoredAt = Instant.now();
      try (ApiTestAgent b =
          new ApiTestAgent(second, ApiTestAgent.Setup.of(t.prefix(), t.environment()))) {
        CycleResult cycle = b.sync();
        assertThat(cycle.outcomes()).isEmpty();
        Map<String, ObservedContainer> after =
            t.containers().stream().collect(Collectors.toMap(ObservedContainer::name, c -> c));
        assertThat(after).containsOnlyKeys(before.keySet());
        for (String name : before.keySet()) {
          assertThat(after.get(name).id()).isEqualTo(before.get(name).id());
          assertThat(after.get(name).startedAt()).isEqualTo(before.get(name).startedAt());
          assertThat(after.get(name).running()).isTrue();
        }
        Optional<Instant> newest =
            b.agent.registry().events(EventQuery.recent(50).since(restoredAt)).stream()
                .filter(e -> e.kind() != EventKind.SYNCED)
                .map(e -> e.at())
                .findFirst();
        assertThat(newest).as("no container events after the restore").isEmpty();
        assertThat(b.get("/v1/status").body()).contains("\"healthy\":true");
      }
    } finally {
      t.removeAll();
    }
  }
}
