package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.source.DesiredSource;
import net.metacircular.mcp.agent.source.FolderSource;
import net.metacircular.mcp.agent.source.SourceException;
import net.metacircular.mcp.agent.source.SourceSnapshot;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop: one reconcile at a time, coalesced requests, and no plan without desired state, on the
 * in-memory runtime. Its timers healing a container killed on real podman: {@link
 * ReconcileLoopPodmanTest}.
 */
class ReconcileLoopTest {
  private AgentHarness agent;

  @BeforeEach
  void setUp(@TempDir Path root) throws Exception {
    agent = new AgentHarness(new InMemoryRuntime(), root, PlanOptions.DEFAULTS);
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

    /** While closed, fetches wait: a cycle that lasts until the test opens it. */
    final CountDownLatch gate = new CountDownLatch(1);

    volatile boolean gated;

    CountingSource(DesiredSource real) {
      this.real = real;
    }

    @Override
    public SourceSnapshot fetch() {
      fetches.incrementAndGet();
      if (gated) {
        try {
          if (!gate.await(60, TimeUnit.SECONDS)) {
            throw new SourceException("the test never opened the gate");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SourceException("interrupted");
        }
      }
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
    source.gated = true;
    try (ReconcileLoop loop = new ReconcileLoop(source, agent.reconciler(), agent.registry())) {
      List<CompletableFuture<CycleResult>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(loop.sync());
      }
      source.gate.countDown();
      for (CompletableFuture<CycleResult> f : all) {
        assertThat(f.get(60, TimeUnit.SECONDS).revision()).isNotEmpty();
      }
      // The first request runs at once; the other 19 arrive during it and share one more run.
      assertThat(source.fetches.get()).isBetween(1, 2);
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
  void aRemoteDownForAnHourOfAgentTimeLogsAtMostTwoWarnings() throws Exception {
    String svc = agent.t.service("web");
    agent.write(svc, agent.service(svc, component("web", agent.t.image())));
    CountingSource source = new CountingSource(new FolderSource(agent.services));
    source.down = true;
    TestClock clock = ((InMemoryRuntime) agent.t).clock();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    // slf4j-simple writes to whatever System.err is when it logs.
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (ReconcileLoop loop =
        new ReconcileLoop(source, agent.reconciler(), agent.registry(), clock)) {
      // Down from the agent's start, so never read: a poll a minute and a drift check between.
      for (int minute = 0; minute <= 60; minute++) {
        assertThatThrownBy(() -> loop.sync().get(30, TimeUnit.SECONDS))
            .hasMessageContaining("remote unreachable");
        assertThatThrownBy(() -> loop.reconcileNow().get(30, TimeUnit.SECONDS))
            .hasMessageContaining("has not been read yet");
        clock.advance(Duration.ofMinutes(1));
      }
      source.down = false;
      loop.sync().get(60, TimeUnit.SECONDS);
    } finally {
      System.setErr(original);
    }

    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.stream().filter(l -> l.startsWith("WARN")))
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).contains("fetch failed: remote unreachable"))
        .anySatisfy(l -> assertThat(l).contains("still failing after 1h"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("fetched again after failing for"));
    assertThat(agent.container(svc + "-web").running()).isTrue();
  }
}
