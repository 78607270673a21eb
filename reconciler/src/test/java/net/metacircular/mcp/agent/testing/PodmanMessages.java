package net.metacircular.mcp.agent.testing;

/**
 * podman's stderr for the failures {@link InMemoryRuntime} reproduces, copied from podman 4.3.1
 * runs on this project's machines (root, runc, no registry reachable); {@code
 * runtime.ContainerRuntimeContract} checks that real podman still says so.
 */
final class PodmanMessages {
  private PodmanMessages() {}

  /** start, stop, restart, logs, rm of an unknown name (exit 125; rm without --force: 1). */
  static String noSuchContainer(String name) {
    return "Error: no container with name or ID \"" + name + "\" found: no such container";
  }

  /** {@code podman container inspect} of an unknown name (exit 125). */
  static String inspectNoSuchContainer(String name) {
    return "Error: inspecting object: no such container " + name;
  }

  /** {@code podman healthcheck run} of an unknown name (exit 125). */
  static String healthcheckNoSuchContainer(String name) {
    return "Error: unable to look up "
        + name
        + " to perform a health check: "
        + noSuchContainer(name).substring("Error: ".length());
  }

  /** {@code podman healthcheck run} of a container that is not running (exit 125). */
  static String notRunning(String id) {
    return "Error: container " + id + " is not running";
  }

  /** {@code podman run --name} of a name another container holds (exit 125). */
  static String nameInUse(String name, String holderId) {
    return "Error: creating container storage: the container name \""
        + name
        + "\" is already in use by "
        + holderId
        + ". You have to remove that container to be able to reuse that name: that name is"
        + " already in use";
  }

  /** {@code podman rm} of a running container without --force (exit 2). */
  static String removeRunning(String id) {
    return "Error: cannot remove container "
        + id
        + " as it is running - running or paused containers cannot be removed without force:"
        + " container state improper";
  }

  /**
   * {@code podman run} or {@code pull} of an image that is not there, when its registry cannot be
   * reached (exit 125): the last line podman prints after its three tries.
   */
  static String pullFailed(String image) {
    String host = image.contains("/") ? image.substring(0, image.indexOf('/')) : "docker.io";
    return "Error: initializing source docker://"
        + image
        + ": pinging container registry "
        + host
        + ": Get \"https://"
        + host
        + "/v2/\": dial tcp 127.0.0.1:443: connect: connection refused";
  }

  /** {@code podman secret rm} (exit 125) and {@code podman run --secret} of an unknown secret. */
  static String noSuchSecret(String name) {
    return "Error: no secret with name or id \"" + name + "\": no such secret";
  }

  /** {@code podman secret create} of a name that exists (exit 125). */
  static String secretInUse(String name) {
    return "Error: " + name + ": secret name in use";
  }

  /**
   * {@code podman rm} (with or without --force, alone or among other names) of a container another
   * one depends on, e.g. shares its network namespace ({@code --network container:<name>}): exit
   * 125; in an rm of many names, the others are removed all the same.
   */
  static String hasDependents(String id, String dependentId) {
    return "Error: container "
        + id
        + " has dependent containers which must be removed before it: "
        + dependentId
        + ": container already exists";
  }
}
