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
  RESUMED;

  /** The word: {@code created}, {@code out-of-sync}, … */
  public String word() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
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
            + " restarted, synced, suspended, resumed");
  }

  @Override
  public String toString() {
    return word();
  }
}
