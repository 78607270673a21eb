package net.metacircular.mcp.cli.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.SpecError;

/**
 * One file checked against a node's policy.
 *
 * @param result valid or every error (those only the node's own policy could decide left out when
 *     the policy is a fallback)
 * @param skipped the problems a fallback policy found that the node's own {@code
 *     allowed_volume_roots} or {@code allow_host_network} might allow: reported, not refused
 * @param policy what the file was checked against
 */
public record Checked(ParseResult result, List<SpecError> skipped, NodePolicy policy) {

  /** What a fallback policy cannot check, for the note that names the skipped checks. */
  public static final String SKIPPED_CHECKS =
      "volumes outside the service's data directory and network = \"host\" (the node's"
          + " allowed_volume_roots and allow_host_network decide them)";

  public Checked {
    Objects.requireNonNull(result, "result");
    skipped = List.copyOf(skipped);
    Objects.requireNonNull(policy, "policy");
  }

  /**
   * What to tell the operator besides errors: nothing for a node's live policy; else which policy
   * applied and why, which checks were skipped, and each problem not refused on that account.
   */
  public List<String> notes() {
    List<String> out = new ArrayList<>();
    if (policy.origin() == NodePolicy.Origin.LIVE || !policy.nodeKnown()) {
      return out;
    }
    String file = result.file();
    out.add(
        "checked "
            + file
            + " against "
            + policy.describeWithReason()
            + (policy.complete() ? "" : "; not checked: " + SKIPPED_CHECKS));
    for (SpecError e : skipped) {
      out.add(
          "not refused, as "
              + policy.node().map(n -> "node " + n).orElse("the node")
              + "'s policy is unknown: "
              + e);
    }
    return out;
  }
}
