package net.metacircular.mcp.agent.reconcile;

import java.util.List;
import java.util.Map;
import net.metacircular.mcp.agent.plan.DesiredState;

/**
 * Desired state resolved from a snapshot.
 *
 * @param revision the snapshot's revision
 * @param desired what this node should run
 * @param validFiles this node's services whose file at this revision is valid: name to text
 * @param rejections files refused at this revision
 */
public record Resolution(
    String revision,
    DesiredState desired,
    Map<String, String> validFiles,
    List<Rejection> rejections) {
  public Resolution {
    validFiles = Map.copyOf(validFiles);
    rejections = List.copyOf(rejections);
  }

  /** This resolution converging to {@code other} (a quarantined service's last healthy spec). */
  public Resolution withDesired(DesiredState other) {
    return new Resolution(revision, other, validFiles, rejections);
  }
}
