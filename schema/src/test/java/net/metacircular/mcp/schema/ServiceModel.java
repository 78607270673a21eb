package net.metacircular.mcp.schema;

import java.util.List;
import java.util.Map;

/**
 * What a generated service is, apart from how its file is written: a fixed {@code db} component and
 * an {@code app} component whose fields vary.
 */
record ServiceModel(
    String tag,
    List<String> cmd,
    Map<String, String> env,
    List<Integer> hostPorts,
    String restart,
    int stopSeconds,
    boolean health,
    boolean active) {

  ServiceModel withTag(String newTag) {
    return new ServiceModel(newTag, cmd, env, hostPorts, restart, stopSeconds, health, active);
  }

  ServiceModel withHostPorts(List<Integer> ports) {
    return new ServiceModel(tag, cmd, env, ports, restart, stopSeconds, health, active);
  }

  ServiceModel withActive(boolean a) {
    return new ServiceModel(tag, cmd, env, hostPorts, restart, stopSeconds, health, a);
  }
}
