package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.source.DesiredSource;
import net.metacircular.mcp.agent.source.FolderSource;
import net.metacircular.mcp.agent.source.SourceException;
import net.metacircular.mcp.agent.source.SourceSnapshot;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop: one reconcile at a time, coalesced requests, and no plan without desired state. */
@RequiresPodman
class ReconcileLoopTest {
  private TestPodman t;
  private AgentHarness agent;

  @BeforeEach
  void setUp(TestPodman podman, @TempDir Path root) throws Exception {
    t = podman;
    agent = new AgentHarness(podman, root, PlanOptions.DEFAULTS);
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  /** Counts fetches, and can be made to fail like an unreachable remote. */
  private static final class CountingSource implements DesiredSource {
    final DesiredSource real;
    final AtomicInteger fetches = new AtomicInteger();
    volatile boolean down;

    CountingSource(DesiredSource real) {
      this.real = real;
    }

    @Override
    public SourceSnapshot fetch() {
      fetches.incrementAndGet();
      if (down) {
        throw new SourceException("remote unreachable");
      }
      return real.fetch();
    }

    @Override
    public String describe() {
      return "counting " + real.describe();
    }
  }

  @Test
  void requestsDuringAReconcileAreCoalescedAndEveryWaiterGetsAResult() throws Exception {
    String svc = agent.t.service("web");
    agent.write(svc, agent.service(svc, component("web", agent.t.image())));
    CountingSource source = new CountingSource(new FolderSource(agent.services));
    try (ReconcileLoop loop = new ReconcileLoop(source, agent.reconciler(), agent.registry())) {
      List<CompletableFuture<CycleResult>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(loop.sync());
      }
      for (CompletableFuture<CycleResult> f : all) {
        assertThat(f.get(60, TimeUnit.SECONDS).revision()).isNotEmpty();
      }
      // The first request runs at once; the other 19 arrive during it and share one more run.
      assertThat(source.fetches.get()).isBetween(1, 3);
      assertThat(agent.container(svc + "-web").running()).isTrue();
      assertThat(agent.events().stream().filter(e -> e.startsWith("created:")).count())
          .isEqualTo(1);
    }
  }

  @Test
  void nothingIsReconciledBeforeTheSourceWasReadOnceAndAFailedFetchKeepsTheLastState()
      throws Exception {
    String svc = agent.t.service("web");
    agent.write(svc, agent.service(svc, component("web", agent.t.image())));
    CountingSource source = new CountingSource(new FolderSource(agent.services));
    source.down = true;
    try (ReconcileLoop loop = new ReconcileLoop(source, agent.reconciler(), agent.registry())) {
      assertThatThrownBy(() -> loop.sync().get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("remote unreachable");
      assertThat(agent.exists(svc + "-web")).isFalse();
      assertThat(agent.registry().sourceState().lastError()).contains("remote unreachable");

      source.down = false;
      loop.sync().get(60, TimeUnit.SECONDS);
      assertThat(agent.container(svc + "-web").running()).isTrue();
      String id = agent.container(svc + "-web").id();

      // The remote goes away: the agent keeps its last desired state, changes nothing.
      source.down = true;
      CycleResult kept = loop.sync().get(60, TimeUnit.SECONDS);
      assertThat(kept.outcomes()).isEmpty();
      assertThat(agent.container(svc + "-web").id()).isEqualTo(id);
      assertThat(agent.registry().sourceState().lastError()).contains("remote unreachable");
    }
  }

  @Test
  void theTimersReconcileDriftWithoutBeingAsked() throws Exception {
    String svc = agent.t.service("web");
    agent.write(svc, agent.service(svc, component("web", agent.t.image(), "restart = \"no\"")));
    try (ReconcileLoop loop =
        new ReconcileLoop(new FolderSource(agent.services), agent.reconciler(), agent.registry())) {
      loop.start(Duration.ofMillis(300), Duration.ofMillis(300));
      awaitRunning(svc + "-web");
      // kill, not stop: the loop may heal it while podman stop would still be cleaning up.
      new ProcessRunner(t).run("kill", svc + "-web");
      awaitRunning(svc + "-web");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (agent.events().stream().noneMatch(e -> e.startsWith("healed: started " + svc))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(agent.events()).anyMatch(e -> e.startsWith("healed: started " + svc + "-web"));
    }
  }

  private void awaitRunning(String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (agent.exists(name) && agent.container(name).running()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " did not come up within 30 s");
  }
}
