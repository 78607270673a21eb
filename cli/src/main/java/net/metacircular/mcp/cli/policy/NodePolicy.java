package net.metacircular.mcp.cli.policy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import net.metacircular.mcp.schema.ValidationPolicy;

/**
 * The policy a file was checked against, and where it came from.
 *
 * @param node the node the file names, or empty when it names none
 * @param policy what is allowed
 * @param origin where {@code policy} came from
 * @param cachedAt when a cached policy was fetched from its node; empty unless {@link
 *     Origin#CACHED}
 * @param why why the node's live policy was not used (e.g. {@code node rift is unreachable}), or
 *     empty for {@link Origin#LIVE}
 * @param nodeKnown whether the file names a node mcp.toml lists (or there is no mcp.toml): when
 *     not, the file is refused for that, and which policy it was checked against is beside the
 *     point
 */
public record NodePolicy(
    Optional<String> node,
    ValidationPolicy policy,
    Origin origin,
    Optional<Instant> cachedAt,
    Optional<String> why,
    boolean nodeKnown) {

  /** Where a policy came from, best first. */
  public enum Origin {
    /** {@code GET /v1/policy} of the node, now. */
    LIVE,
    /** The last answer of {@code GET /v1/policy}, from the cache. */
    CACHED,
    /** {@code mcp validate --services-root}. */
    FLAG,
    /** mcp.toml's {@code services_root}. */
    CONFIG,
    /** The agent's default, {@code /srv}. */
    DEFAULT
  }

  public NodePolicy {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(origin, "origin");
    if (cachedAt.isPresent() != (origin == Origin.CACHED)) {
      throw new IllegalArgumentException("cachedAt is for a cached policy only");
    }
  }

  /**
   * Whether every part of the policy is the node's own: then every check is made. A fallback knows
   * only a {@code services_root}, so the checks that the node's {@code allowed_volume_roots} and
   * {@code allow_host_network} decide are skipped.
   */
  public boolean complete() {
    return origin == Origin.LIVE || origin == Origin.CACHED;
  }

  /**
   * For messages: {@code node rift's policy (services_root /srv)}, {@code node rift's cached policy
   * from 2026-12-03T07:00:00Z (…)}, {@code mcp.toml's services_root /data}, …
   */
  public String describe() {
    String root = policy.servicesRoot().toString();
    String name = node.map(n -> "node " + n + "'s ").orElse("");
    return switch (origin) {
      case LIVE -> name + "live policy (services_root " + root + ")";
      case CACHED ->
          name + "cached policy from " + cachedAt.orElseThrow() + " (services_root " + root + ")";
      case FLAG -> "--services-root " + root;
      case CONFIG -> "mcp.toml's services_root " + root;
      case DEFAULT -> "the default services_root " + root;
    };
  }

  /** {@link #describe()} and, for a fallback, why. */
  public String describeWithReason() {
    return describe() + why.map(w -> ", since " + w).orElse("");
  }
}
