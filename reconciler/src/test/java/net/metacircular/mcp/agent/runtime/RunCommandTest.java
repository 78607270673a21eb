package net.metacircular.mcp.agent.runtime;

import static net.metacircular.mcp.agent.testing.ComponentBuilder.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  @Test
  void everyFieldBecomesItsFlagAndCmdFollowsTheImage() {
    var spec =
        component("api", "registry.example/metacrypt:v1")
            .cmd("server", "--config", "/srv/x.toml")
            .env("B", "2")
            .env("A", "1")
            .port("127.0.0.1:18443:8443")
            .volume("/srv/metacrypt:/srv/metacrypt")
            .network("mcpnet")
            .user("0:0")
            .restart(new RestartPolicy(RestartPolicy.Kind.ON_FAILURE, 3))
            .stopTimeout(Duration.ofMillis(2500))
            .health(
                new HealthSpec(
                    List.of("wget", "-q", "-O-", "http://127.0.0.1:8443/healthz"),
                    Duration.ofSeconds(10),
                    3,
                    Duration.ofMillis(500),
                    Duration.ofSeconds(5)))
            .build();

    List<String> args = RunCommand.arguments(new RunRequest(spec, "metacrypt", "abc123", "c0ffee"));

    assertThat(args)
        .containsExactly(
            "run",
            "--detach",
            "--name",
            "metacrypt-api",
            "--label",
            "mcp.managed=true",
            "--label",
            "mcp.service=metacrypt",
            "--label",
            "mcp.component=api",
            "--label",
            "mcp.spec-hash=abc123",
            "--label",
            "mcp.commit=c0ffee",
            "--restart",
            "on-failure:3",
            "--stop-timeout",
            "3",
            "--publish",
            "127.0.0.1:18443:8443",
            "--volume",
            "/srv/metacrypt:/srv/metacrypt",
            "--env",
            "A=1",
            "--env",
            "B=2",
            "--network",
            "mcpnet",
            "--user",
            "0:0",
            "--health-cmd",
            "[\"wget\",\"-q\",\"-O-\",\"http://127.0.0.1:8443/healthz\"]",
            "--health-interval",
            "10s",
            "--health-retries",
            "3",
            "--health-start-period",
            "500ms",
            "--health-timeout",
            "5s",
            "registry.example/metacrypt:v1",
            "server",
            "--config",
            "/srv/x.toml");
  }

  @Test
  void aMinimalComponentHasOnlyLabelsRestartAndStopTimeout() {
    var spec = component("web", "img:1").build();

    assertThat(RunCommand.arguments(new RunRequest(spec, "svc", "h", "c")))
        .containsSubsequence("--restart", "unless-stopped", "--stop-timeout", "10", "img:1")
        .doesNotContain("--publish", "--volume", "--env", "--network", "--user", "--health-cmd")
        .last()
        .isEqualTo("img:1");
  }

  @Test
  void healthCommandDropsALeadingCmdWhichPodman43Mangles() {
    assertThat(RunCommand.healthCommand(List.of("CMD", "sh", "-c", "exit 0")))
        .isEqualTo("[\"sh\",\"-c\",\"exit 0\"]");
    assertThat(RunCommand.healthCommand(List.of("true"))).isEqualTo("[\"true\"]");
    assertThat(RunCommand.healthCommand(List.of("CMD-SHELL", "curl -f x")))
        .isEqualTo("[\"CMD-SHELL\",\"curl -f x\"]");
  }

  @Test
  void stopTimeoutsRoundUpToWholeSeconds() {
    assertThat(RunCommand.wholeSecondsRoundedUp(Duration.ZERO)).isZero();
    assertThat(RunCommand.wholeSecondsRoundedUp(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(RunCommand.wholeSecondsRoundedUp(Duration.ofSeconds(10))).isEqualTo(10);
    assertThat(RunCommand.wholeSecondsRoundedUp(Duration.ofMillis(10_001))).isEqualTo(11);
  }

  @Test
  void namesThatPodmanWouldReadAsOptionsAreRefusedWithTheirName() {
    var spec = component("api", "--privileged").build();

    assertThatThrownBy(() -> RunCommand.arguments(new RunRequest(spec, "svc", "h", "c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image reference '--privileged'");
    assertThatThrownBy(() -> PodmanNames.container("-rf", "container name"))
        .hasMessageContaining("container name '-rf' is not a valid podman container name");
  }
}
