package net.metacircular.mcp.schema.api;

import java.util.List;

/**
 * What {@code POST /v1/services/{svc}/restart} did.
 *
 * @param service the service
 * @param containers each container, in {@code depends_on} order
 * @param failed whether any restart failed
 */
public record RestartResponse(String service, List<RestartedContainer> containers, boolean failed) {
  /**
   * One container's restart.
   *
   * @param component the component
   * @param container the container
   * @param result {@code done} or {@code failed}
   * @param message what happened
   */
  public record RestartedContainer(
      String component, String container, String result, String message) {}
}
