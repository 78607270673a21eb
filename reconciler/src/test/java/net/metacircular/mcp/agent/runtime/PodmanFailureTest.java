package net.metacircular.mcp.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classification of podman's own words, as podman 4.3.1 printed them on this project's
 * machines; {@code PodmanFailurePodmanTest} proves the same on real podman.
 */
class PodmanFailureTest {
  private static final String WARNING =
      "time=\"2026-12-03T10:57:44Z\" level=warning msg=\"Failed, retrying in 1s ... (1/3)."
          + " Error: initializing source docker://localhost/nope:1: pinging container registry"
          + " localhost: Get \\\"https://localhost/v2/\\\": dial tcp 127.0.0.1:443: connect:"
          + " connection refused\"";

  private static PodmanFailure of(String stderr) {
    return PodmanFailure.of(125, stderr);
  }

  @Test
  void aRegistryThatRefusesTheConnectionIsTransientAndSaidInOneSentence() {
    PodmanFailure f =
        of(
            WARNING
                + "\nError: initializing source docker://localhost/nope:1: pinging container"
                + " registry localhost: Get \"https://localhost/v2/\": dial tcp 127.0.0.1:443:"
                + " connect: connection refused");

    assertThat(f.permanent()).isFalse();
    assertThat(f.reason())
        .isEqualTo(
            "image localhost/nope:1 cannot be pulled: registry localhost refused the connection");
  }

  @Test
  void anUnknownRegistryHostIsTransient() {
    PodmanFailure f =
        of(
            "Error: initializing source docker://quay.io/foo/bar:1: pinging container registry"
                + " quay.io: Get \"https://quay.io/v2/\": dial tcp: lookup quay.io on"
                + " 10.255.255.53:53: no such host");

    assertThat(f.permanent()).isFalse();
    assertThat(f.reason())
        .isEqualTo(
            "image quay.io/foo/bar:1 cannot be pulled: registry quay.io is not a known host name"
                + " (no such host)");
  }

  @Test
  void aManifestTheRegistryDoesNotKnowIsPermanent() {
    PodmanFailure f =
        of(
            "Error: initializing source docker://127.0.0.1:15999/app/web:1: reading manifest 1 in"
                + " 127.0.0.1:15999/app/web: manifest unknown: manifest unknown");

    assertThat(f.permanent()).isTrue();
    assertThat(f.reason())
        .isEqualTo(
            "image 127.0.0.1:15999/app/web:1 does not exist: registry 127.0.0.1:15999 says"
                + " manifest unknown");
  }

  @Test
  void aRegistryRefusingAccessIsPermanent() {
    PodmanFailure f =
        of(
            "Error: initializing source docker://127.0.0.1:15999/x/web:1: reading manifest 1 in"
                + " 127.0.0.1:15999/x/web: unauthorized");

    assertThat(f.permanent()).isTrue();
    assertThat(f.reason())
        .isEqualTo(
            "image 127.0.0.1:15999/x/web:1 cannot be pulled: registry 127.0.0.1:15999 refused"
                + " access");
  }

  @Test
  void anInvalidReferenceIsPermanent() {
    assertThat(of("Error: invalid reference format").permanent()).isTrue();
    PodmanFailure f =
        of("Error: Invalid image name \"UPPER/bad:1\", unknown transport \"UPPER/bad\"");
    assertThat(f.permanent()).isTrue();
    assertThat(f.reason()).startsWith("the image reference is invalid: ").contains("UPPER/bad:1");
  }

  @Test
  void aNameHeldByAnotherContainerIsPermanent() {
    PodmanFailure f =
        of(
            "Error: creating container storage: the container name \"app-web\" is already in use"
                + " by 3f2a1c0de. You have to remove that container to be able to reuse that name:"
                + " that name is already in use");

    assertThat(f.permanent()).isTrue();
    assertThat(f.reason()).isEqualTo("the name app-web is held by another container (3f2a1c0de)");
  }

  @Test
  void anythingElseIsTransientWithPodmansOwnLine() {
    PodmanFailure f = of("Error: injected fault: storage unavailable");

    assertThat(f.permanent()).isFalse();
    assertThat(f.reason()).isEqualTo("injected fault: storage unavailable");
    assertThat(PodmanFailure.of(1, "").reason()).isEqualTo("podman exited 1 without saying why");
  }

  @Test
  void theMessageLeadsWithTheReasonAndLeavesTheCommandLineOut() {
    PodmanException e =
        new PodmanException(
            List.of("podman", "run", "-d", "--name", "app-web", "-e", "K=<redacted>", "img"),
            125,
            "Error: initializing source docker://localhost/x:1: pinging container registry"
                + " localhost: Get \"https://localhost/v2/\": dial tcp 127.0.0.1:443: connect:"
                + " connection refused");

    assertThat(e)
        .hasMessageStartingWith(
            "image localhost/x:1 cannot be pulled: registry localhost refused the connection"
                + " (podman run, exit 125: initializing source docker://localhost/x:1: ")
        .hasMessageNotContaining("--name");
    assertThat(e.failure().permanent()).isFalse();
  }

  @Test
  void timeoutsAndAMissingPodmanAreTransient() {
    PodmanTimeoutException timeout =
        new PodmanTimeoutException(
            List.of("podman", "pull", "--quiet", "x"), java.time.Duration.ofMinutes(10), "");

    assertThat(timeout.failure().permanent()).isFalse();
    assertThat(timeout).hasMessageStartingWith("podman pull did not finish within PT10M");
  }
}
