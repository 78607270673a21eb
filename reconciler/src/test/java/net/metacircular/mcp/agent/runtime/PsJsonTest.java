package net.metacircular.mcp.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PsJsonTest {
  // Trimmed from real podman 4.3.1 output on this project's machines.
  private static final String PODMAN_43 =
      """
      [
        {
          "AutoRemove": false,
          "Command": ["/bin/sh", "-c", "trap \\"exit 0\\" TERM; while :; do sleep 1; done"],
          "Exited": false,
          "ExitedAt": -62135596800,
          "ExitCode": 0,
          "Id": "0b473d4f341685076d0ea46e63538c8988ff573c849d4691aa4f0603779a5f86",
          "Image": "localhost/mcp-test:idle",
          "ImageID": "688ef2d3933298c5942547ae4d643abc87a8ee8004a541aae85a7f374128e9d2",
          "Labels": {"mcp.managed": "true", "mcp.service": "x"},
          "Names": ["xprobe-a"],
          "Ports": [{"host_ip": "127.0.0.1", "container_port": 80, "host_port": 18111}],
          "StartedAt": 1795506426,
          "State": "running",
          "Status": "Up Less than a second ago (starting)",
          "Created": 1795506426
        },
        {
          "ExitCode": 137,
          "Id": "6dfc53693163",
          "Image": "localhost/mcp-test:idle",
          "ImageID": "688ef2d39332",
          "Labels": null,
          "Names": ["xprobe-b"],
          "StartedAt": -62135596800,
          "State": "created",
          "Status": "Created"
        }
      ]
      """;

  @Test
  void readsPodman43Fields() {
    List<ObservedContainer> all = PsJson.parse(PODMAN_43);

    assertThat(all).hasSize(2);
    ObservedContainer running = all.get(0);
    assertThat(running.id()).startsWith("0b473d4f");
    assertThat(running.name()).isEqualTo("xprobe-a");
    assertThat(running.state()).isEqualTo(ContainerState.RUNNING);
    assertThat(running.status()).isEqualTo("Up Less than a second ago (starting)");
    assertThat(running.labels()).isEqualTo(Map.of("mcp.managed", "true", "mcp.service", "x"));
    assertThat(running.managed()).isTrue();
    assertThat(running.image()).isEqualTo("localhost/mcp-test:idle");
    assertThat(running.imageId()).startsWith("688ef2d3");
    assertThat(running.startedAt()).contains(Instant.ofEpochSecond(1795506426));
  }

  @Test
  void nullLabelsAndNeverStartedAreEmptyNotErrors() {
    ObservedContainer created = PsJson.parse(PODMAN_43).get(1);

    assertThat(created.labels()).isEmpty();
    assertThat(created.managed()).isFalse();
    assertThat(created.startedAt()).isEqualTo(Optional.empty());
    assertThat(created.state()).isEqualTo(ContainerState.CREATED);
    assertThat(created.exitCode()).isEqualTo(137);
  }

  @Test
  void emptyAnswersAreNoContainers() {
    assertThat(PsJson.parse("[]")).isEmpty();
    assertThat(PsJson.parse("\n")).isEmpty();
  }

  @Test
  void garbageIsAClearError() {
    assertThatThrownBy(() -> PsJson.parse("Error: oops"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("podman ps printed something that is not JSON");
    assertThatThrownBy(() -> PsJson.parse("{}")).hasMessageContaining("not an array, but OBJECT");
  }
}
