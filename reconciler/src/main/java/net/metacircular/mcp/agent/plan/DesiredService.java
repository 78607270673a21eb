package net.metacircular.mcp.agent.plan;

import java.util.Objects;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * A service this node should run, as the source's commit declares it (or, when its file at that
 * commit is invalid, its last good spec).
 *
 * @param spec the spec to converge to
 * @param commit the commit the spec came from
 */
public record DesiredService(ServiceSpec spec, String commit) {
  public DesiredService {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(commit, "commit");
  }
}
