package net.metacircular.mcp.agent.registry;

import java.util.Locale;

/** What an event records. Stored and shown as its lower-case {@link #word()}. */
public enum EventKind {
  CREATED,
  RECREATED,
  STARTED,
  STOPPED,
  PRUNED,
  DRIFT,
  HEALED,
  FAILED,
  ADOPTED,
  OUT_OF_SYNC,
  REJECTED,
  CONFLICT,
  RESTARTED,
  SYNCED,
  SUSPENDED,
  RESUMED,
  /** A soak passed: the spec is the service's last healthy one. */
  SOAK_PASSED("soak_passed"),
  /** A soak failed: a component restarted, exited, was OOM-killed or became unhealthy. */
  SOAK_FAILED("soak_failed"),
  /** The changed components were recreated from the last healthy spec. */
  ROLLED_BACK("rolled_back"),
  /** A failed spec is not applied again until a newer commit or a forced deploy. */
  QUARANTINED("quarantined"),
  /** A health gate or soak in progress was given up: a newer commit changed the service. */
  ABANDONED("abandoned");

  private final String word;

  EventKind() {
    this.word = name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The words of DESIGN.md's rollout events are spelt with an underscore. */
  EventKind(String word) {
    this.word = word;
  }

  /** The word: {@code created}, {@code out-of-sync}, {@code soak_passed}, … */
  public String word() {
    return word;
  }

  /** The kind for a word as {@link #word()} spells it. */
  public static EventKind fromWord(String word) {
    for (EventKind k : values()) {
      if (k.word().equals(word)) {
        return k;
      }
    }
    throw RegistryException.invalid(
        "event kind \""
            + word
            + "\" is unknown; use one of created, recreated, started, stopped,"
            + " pruned, drift, healed, failed, adopted, out-of-sync, rejected, conflict,"
            + " restarted, synced, suspended, resumed, soak_passed, soak_failed, rolled_back,"
            + " quarantined, abandoned");
  }

  @Override
  public String toString() {
    return word();
  }
}
