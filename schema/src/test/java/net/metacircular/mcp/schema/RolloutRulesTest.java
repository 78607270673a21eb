package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code [rollout]}: the soak after a deploy and what its failure does. */
class RolloutRulesTest {
  @Test
  void withoutATableTheAgentsSoakAndARollback() {
    ServiceSpec s = Fixtures.parse(Fixtures.MINIMAL).orElseThrow();
    assertThat(s.rollout()).isEqualTo(RolloutSpec.DEFAULT);
    assertThat(s.rollout().soak(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.rollout().onFailure()).isEqualTo(RolloutSpec.OnFailure.ROLLBACK);
  }

  @Test
  void readsSoakAndOnFailure() {
    ServiceSpec s =
        Fixtures.parse(Fixtures.MINIMAL + "[rollout]\nsoak = \"2m\"\non_failure = \"stay\"\n")
            .orElseThrow();
    assertThat(s.rollout())
        .isEqualTo(new RolloutSpec(Optional.of(Duration.ofMinutes(2)), RolloutSpec.OnFailure.STAY));
    assertThat(s.rollout().soak(Duration.ofSeconds(30))).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void zeroTurnsSoakingOff() {
    ServiceSpec s = Fixtures.parse(Fixtures.MINIMAL + "[rollout]\nsoak = \"0s\"\n").orElseThrow();
    assertThat(s.rollout().soak(Duration.ofSeconds(30))).isZero();
  }

  @Test
  void badValuesAndUnknownKeysNameLineAndKey() {
    assertThat(
            Fixtures.errors(
                Fixtures.MINIMAL
                    + "[rollout]\nsoak = \"soon\"\non_failure = \"retry\"\nsaok = \"1m\"\n"))
        .containsExactly(
            "svc.toml:8:1: rollout.soak: expected a duration such as \"500ms\", \"10s\", \"2m\","
                + " \"1h\" or \"1m30s\"; got \"soon\"",
            "svc.toml:9:1: rollout.on_failure: expected one of rollback, stay; got \"retry\"",
            "svc.toml:10:1: rollout.saok: unknown key; did you mean \"soak\"?");
  }

  @Test
  void rolloutMustBeATable() {
    assertThat(Fixtures.errors("rollout = \"2m\"\n" + Fixtures.MINIMAL))
        .containsExactly("svc.toml:1:1: rollout: expected a table; got \"2m\"");
  }

  @Test
  void aRolloutChangeAloneChangesNoSpecHash() {
    ServiceSpec plain = Fixtures.parse(Fixtures.MINIMAL).orElseThrow();
    ServiceSpec soaked =
        Fixtures.parse(Fixtures.MINIMAL + "[rollout]\nsoak = \"5m\"\non_failure = \"stay\"\n")
            .orElseThrow();
    assertThat(SpecHash.of(soaked.components().get(0)))
        .isEqualTo(SpecHash.of(plain.components().get(0)));
  }
}
