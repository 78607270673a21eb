package net.metacircular.mcp.agent.apply;

import java.util.Set;

/**
 * Which health gates the reconcile loop looks at instead of the executor waiting for them: a
 * deploy's gate is looked at between cycles, so that a newer commit can cancel it (a heal, and a
 * rollback to the last healthy spec, still wait in place).
 *
 * @param inline services whose deploys wait for their gates in place (their rollbacks)
 * @param pending containers whose gate is in progress: what depends on them waits for it
 * @param loop whether deploys' gates are left to the loop at all
 */
public record Gating(Set<String> inline, Set<String> pending, boolean loop) {
  /** Every gate waited for in place, as before the loop looked at gates. */
  public static final Gating INLINE = new Gating(Set.of(), Set.of(), false);

  public Gating {
    inline = Set.copyOf(inline);
    pending = Set.copyOf(pending);
  }

  /** Deploys' gates looked at by the loop, but {@code inline}'s; {@code pending} in progress. */
  public static Gating byLoop(Set<String> inline, Set<String> pending) {
    return new Gating(inline, pending, true);
  }

  /** Whether this action's gate is the loop's: a deploy (not a heal) of a service not inline. */
  boolean byLoop(String service, boolean deploy) {
    return loop && deploy && !inline.contains(service);
  }
}
