package net.metacircular.mcp.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import net.metacircular.mcp.schema.api.ComponentStatus;
import org.junit.jupiter.api.Test;

/** How {@code mcp status} and the CLI's waits word a component's typed condition. */
class ConditionTextTest {
  private static final Instant NOW = Instant.parse("2026-12-03T14:30:00Z");

  @Test
  void aPermanentFailureSaysWhenTheNextTryIs() {
    ComponentStatus c =
        failed("permanent", 3, NOW.plus(Duration.ofMinutes(2)), "no such image localhost/x:1");
    assertThat(ConditionText.of(c, NOW))
        .isEqualTo("failed (permanent, 3 attempts): no such image localhost/x:1; next try 14:32Z");
    assertThat(c.failed()).isTrue();
    assertThat(c.converged()).isFalse();
    assertThat(c.waiting()).isFalse();
  }

  @Test
  void aTransientFailureSaysInHowLongItIsRetried() {
    ComponentStatus c =
        failed("transient", 1, NOW.plus(Duration.ofMinutes(2)), "registry refused the connection");
    assertThat(ConditionText.of(c, NOW))
        .isEqualTo("failed (transient): registry refused the connection; retrying in 2m");
    assertThat(ConditionText.of(failed("transient", 2, null, "x"), NOW))
        .isEqualTo("failed (transient, 2 attempts): x");
  }

  @Test
  void otherKindsAreTheirWordAndDetailAndAnOlderAgentsStringIsShownAsItIs() {
    ComponentStatus drift = status("out_of_sync", "newer spec 0123", null, null, null, "old");
    assertThat(ConditionText.of(drift, NOW)).isEqualTo("out of sync: newer spec 0123");
    assertThat(ConditionText.of(status(null, null, null, null, null, "drift:exited"), NOW))
        .isEqualTo("drift:exited");
  }

  private static ComponentStatus failed(
      String failureClass, int attempts, Instant next, String detail) {
    return status("failed", detail, failureClass, attempts, next, "failed:" + detail);
  }

  private static ComponentStatus status(
      String kind,
      String detail,
      String failureClass,
      Integer attempts,
      Instant next,
      String legacy) {
    return new ComponentStatus(
        "api",
        "app-api",
        "localhost/x:1",
        "h2",
        true,
        "localhost/x:0",
        "h1",
        "c1",
        NOW,
        "running",
        "Up 5 minutes",
        "localhost/x:0",
        "h1",
        "id",
        NOW,
        true,
        null,
        false,
        false,
        legacy,
        kind,
        detail,
        NOW,
        "c2",
        failureClass,
        failureClass == null ? null : "recreate",
        attempts,
        attempts == null ? null : NOW,
        next);
  }
}
