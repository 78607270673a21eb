package net.metacircular.mcp.agent.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * A service (or the whole node) held still: the reconciler neither deploys, heals nor prunes it.
 *
 * @param target a service's name, or {@link #NODE} for every service of the node
 * @param reason why, as the operator said it
 * @param who the name of the token that suspended it
 * @param since when it was suspended
 * @param until when it resumes by itself; empty: only on {@code mcp resume}
 */
public record Suspension(
    String target, String reason, String who, Instant since, Optional<Instant> until) {
  /** The target that suspends the whole node. */
  public static final String NODE = "*";

  public Suspension {
    Check.present("suspension target", target);
    if (!target.equals(NODE)) {
      Check.name("suspension target", target);
    }
    Check.text("suspension reason", reason);
    Check.text("suspension owner", who);
    Check.present("suspension since", since);
    Check.present("suspension until", until);
    if (until.isPresent() && !until.get().isAfter(since)) {
      throw RegistryException.invalid(
          "suspension until " + until.get() + " is not after its start " + since);
    }
  }

  public boolean wholeNode() {
    return target.equals(NODE);
  }

  /** Whether it has run out at {@code now}. */
  public boolean expired(Instant now) {
    return until.map(u -> !u.isAfter(now)).orElse(false);
  }
}
