package net.metacircular.mcp.agent.registry;

import static net.metacircular.mcp.agent.registry.Fixtures.C1;
import static net.metacircular.mcp.agent.registry.Fixtures.C2;
import static net.metacircular.mcp.agent.registry.Fixtures.applied;
import static net.metacircular.mcp.agent.registry.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.agent.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryTransactionTest {
  @RegisterExtension final TestRegistry db = new TestRegistry();
  final TestClock clock = db.clock();
  final Registry registry = db.registry();
  final Path dir = db.dir();

  @Test
  void aTransactionCommitsEverythingTogether() {
    ServiceRecord s =
        registry.inTransaction(
            tx -> {
              tx.upsertService(service("metacrypt", C1));
              tx.recordComponentApplied(applied("metacrypt", "api", "h1", C1));
              tx.appendEvent(
                  NewEvent.ofComponent(EventKind.CREATED, "metacrypt", "api", "created"));
              assertThat(tx.components("metacrypt")).hasSize(1);
              return tx.recordServiceApplied("metacrypt", C1);
            });
    assertThat(s.appliedCommit()).contains(C1);
    assertThat(registry.components("metacrypt")).hasSize(1);
    assertThat(registry.events(EventQuery.recent(10))).hasSize(1);
  }

  @Test
  void aTransactionThatThrowsLeavesNothingHalfWritten() {
    registry.upsertService(service("metacrypt", C1));
    registry.recordComponentApplied(applied("metacrypt", "api", "h1", C1));
    registry.recordFetch(C1);
    List<ServiceRecord> servicesBefore = registry.services();
    List<ComponentRecord> componentsBefore = registry.allComponents();
    SourceState sourceBefore = registry.sourceState();

    IllegalStateException boom = new IllegalStateException("podman create failed");
    assertThatThrownBy(
            () ->
                registry.useTransaction(
                    tx -> {
                      tx.upsertService(service("metacrypt", C2));
                      tx.recordComponentApplied(applied("metacrypt", "api", "h2", C2));
                      tx.upsertService(service("other", C2));
                      tx.removeComponent("metacrypt", "api");
                      tx.appendEvent(NewEvent.ofService(EventKind.RECREATED, "metacrypt", "x"));
                      tx.recordFetch(C2);
                      tx.setServiceError("metacrypt", "half way");
                      throw boom;
                    }))
        .isSameAs(boom);

    assertThat(registry.services()).isEqualTo(servicesBefore);
    assertThat(registry.allComponents()).isEqualTo(componentsBefore);
    assertThat(registry.sourceState()).isEqualTo(sourceBefore);
    assertThat(registry.events(EventQuery.recent(10))).isEmpty();
  }

  @Test
  void aFailingStepRollsBackTheStepsBeforeIt() {
    assertThatThrownBy(
            () ->
                registry.useTransaction(
                    tx -> {
                      tx.appendEvent(NewEvent.ofService(EventKind.CREATED, "ghost", "created"));
                      tx.recordServiceApplied("ghost", C1);
                    }))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND));
    assertThat(registry.events(EventQuery.recent(10))).isEmpty();
  }

  @Test
  void usingTheRegistryInsideItsOwnTransactionIsRefused() {
    assertThatThrownBy(() -> registry.useTransaction(tx -> registry.services()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.MISUSE))
        .hasMessageContaining("use the RegistryTx");
    // The guard is released afterwards.
    assertThat(registry.services()).isEmpty();
  }

  @Test
  void concurrentAppendsFromSeveralThreadsAllLand() throws Exception {
    int threads = 8;
    int each = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String svc = "svc" + t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Long> ids = new ArrayList<>();
                  for (int i = 0; i < each; i++) {
                    ids.add(
                        registry
                            .appendEvent(NewEvent.ofService(EventKind.DRIFT, svc, "e" + i))
                            .id());
                    if (i % 10 == 0) {
                      registry.events(EventQuery.recent(5).forService(svc));
                    }
                  }
                  return ids;
                }));
      }
      start.countDown();
      Set<Long> ids = new HashSet<>();
      for (Future<List<Long>> f : results) {
        ids.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(ids).hasSize(threads * each);
    } finally {
      pool.shutdownNow();
    }
    assertThat(registry.events(EventQuery.recent(EventQuery.MAX_LIMIT))).hasSize(threads * each);
    assertThat(registry.events(EventQuery.recent(1000).forService("svc3"))).hasSize(each);
  }

  @Test
  void twoRegistriesOnOneFileShareItWithoutBusyErrors() throws Exception {
    try (Registry second = Registry.open(dir.resolve("mcp.db"), clock)) {
      Thread other =
          new Thread(
              () -> {
                for (int i = 0; i < 100; i++) {
                  second.appendEvent(NewEvent.ofSource(EventKind.SYNCED, "second " + i));
                }
              });
      other.start();
      for (int i = 0; i < 100; i++) {
        registry.appendEvent(NewEvent.ofSource(EventKind.SYNCED, "first " + i));
      }
      other.join(60_000);
      assertThat(registry.events(EventQuery.recent(1000))).hasSize(200);
    }
  }

  @Test
  void aSnapshotHoldsTheSameRowsWhileEventsAreAppended() throws Exception {
    registry.upsertService(service("metacrypt", C1));
    registry.recordComponentApplied(applied("metacrypt", "api", "h1", C1));
    registry.recordComponentApplied(applied("metacrypt", "web", "h2", C1));
    registry.setServiceError("metacrypt", "still failing");
    registry.recordFetch(C2);
    for (int i = 0; i < 50; i++) {
      registry.appendEvent(NewEvent.ofService(EventKind.SYNCED, "metacrypt", "before " + i));
    }

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger appended = new AtomicInteger();
    Thread writer =
        new Thread(
            () -> {
              while (!stop.get()) {
                registry.appendEvent(
                    NewEvent.ofSource(EventKind.SYNCED, "during " + appended.getAndIncrement()));
              }
            });
    writer.start();
    Path target = dir.resolve("backups/mcp-20260301.db");
    Path written;
    try {
      // The snapshot starts while the writer is under way.
      await().atMost(Duration.ofMinutes(1)).until(() -> appended.get() >= 10);
      written = registry.snapshot(target);
    } finally {
      stop.set(true);
      writer.join(60_000);
    }

    assertThat(written).isEqualTo(target.toAbsolutePath());
    assertThat(Files.exists(dir.resolve("backups/mcp-20260301.db.partial"))).isFalse();
    try (Registry copy = Registry.open(target, clock)) {
      assertThat(copy.services()).isEqualTo(registry.services());
      assertThat(copy.allComponents()).isEqualTo(registry.allComponents());
      assertThat(copy.sourceState()).isEqualTo(registry.sourceState());
      List<Event> copied = copy.events(EventQuery.recent(EventQuery.MAX_LIMIT).oldestFirst());
      List<Event> live = registry.events(EventQuery.recent(EventQuery.MAX_LIMIT).oldestFirst());
      assertThat(copied.size()).isGreaterThanOrEqualTo(50).isLessThanOrEqualTo(live.size());
      assertThat(live.subList(0, copied.size())).isEqualTo(copied);
    }
  }

  @Test
  void aSnapshotNeverOverwrites() throws Exception {
    Path target = dir.resolve("snap.db");
    Files.writeString(target, "keep me");
    assertThatThrownBy(() -> registry.snapshot(target))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_ARGUMENT))
        .hasMessageContaining("already exists");
    assertThat(Files.readString(target)).isEqualTo("keep me");
  }
}
