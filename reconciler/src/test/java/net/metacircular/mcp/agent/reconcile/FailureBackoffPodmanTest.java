package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.metacircular.mcp.agent.apply.RetryPolicy;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.testing.PodmanShim;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;
import net.metacircular.mcp.schema.status.FailureClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit whose image does not exist, on real podman, cycled every 30 s of agent time (a clock the
 * test moves) for 10 minutes: one event, pulls backing off (podman's calls counted through a shim),
 * the attempts and next retry in the component's condition; then a commit that fixes the image
 * deploys at the next cycle, whatever the backoff said.
 */
@RequiresPodman
class FailureBackoffPodmanTest {
  @Test
  void aMissingImageBacksOffQuietlyAndTheFixDeploysAtOnce(TestPodman t, @TempDir Path root)
      throws Exception {
    TestClock clock = new TestClock();
    PodmanShim shim = PodmanShim.create(t, root);
    try (AgentHarness h = new AgentHarness(t, root, PlanOptions.DEFAULTS, shim.podman(), clock)) {
      String svc = t.service("app");
      String missing = "localhost/mcp-test-missing:" + t.prefix();
      h.write(svc, h.service(svc, component("web", missing)));

      int cycles = 0;
      for (Instant end = clock.instant().plus(Duration.ofMinutes(10));
          clock.instant().isBefore(end);
          clock.advance(Duration.ofSeconds(30))) {
        h.reconcile();
        cycles++;
      }

      List<String> runs = shim.calls().stream().filter(c -> c.startsWith("run ")).toList();
      // 10 s, 20 s, 40 s, … up to 10 min, each up to a fifth shorter: tries at the first cycle
      // due, 0, 30, 60, 120, 210 and 360 or 390 s; not one a cycle. (Each cycle runs podman ps:
      // 20 cycles prove it as well as 60 did, in a third of the time; FailureRetryTest follows
      // the same policy on the in-memory runtime.)
      assertThat(cycles).isEqualTo(20);
      assertThat(runs).hasSizeBetween(5, 7);
      assertThat(h.events())
          .filteredOn(e -> e.contains(svc + "-web"))
          .hasSizeLessThanOrEqualTo(2)
          .filteredOn(e -> e.startsWith("failed: "))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e)
                      .startsWith(
                          "failed: failed to create "
                              + svc
                              + "-web: image "
                              + missing
                              + " cannot be pulled: registry localhost refused the connection"));
      Optional<ComponentCondition> c = h.registry().condition(svc, "web");
      assertThat(c).isPresent();
      assertThat(c.get().kind()).isEqualTo(ConditionKind.FAILED);
      Failure f = c.get().condition().failure().orElseThrow();
      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.attempts()).isEqualTo(runs.size());
      Duration backoff =
          RetryPolicy.standard(clock, new SplittableRandom()).backoff(runs.size(), false);
      assertThat(Duration.between(f.lastTry(), f.nextRetry().orElseThrow()))
          .isBetween(backoff.multipliedBy(4).dividedBy(5), backoff);

      // The fix: a new spec is tried at the next cycle, not at the next retry.
      shim.clear();
      h.write(svc, h.service(svc, component("web", t.image())));
      h.reconcile();

      assertThat(h.container(svc + "-web").running()).isTrue();
      assertThat(h.registry().condition(svc, "web").map(ComponentCondition::kind))
          .contains(ConditionKind.OK);
      assertThat(h.events())
          .last()
          .satisfies(
              e ->
                  assertThat(e)
                      .startsWith("created: created " + svc + "-web")
                      .contains("(recovered after " + runs.size() + " attempts failed since "));
    }
  }
}
