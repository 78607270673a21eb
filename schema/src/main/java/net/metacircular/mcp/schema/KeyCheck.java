package net.metacircular.mcp.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Unknown keys, with a suggestion when the writer likely mistyped a known one. */
final class KeyCheck {
  private static final int MAX_DISTANCE = 2;

  private KeyCheck() {}

  /** Reports every key of the table that is not one of {@code known}. */
  static void rejectUnknown(Fields f, List<String> known) {
    for (String key : f.table().keySet()) {
      if (!known.contains(key)) {
        String hint =
            closest(key, known)
                .map(k -> "did you mean \"" + k + "\"?")
                .orElse("expected one of " + String.join(", ", known));
        f.error(key, "unknown key; " + hint);
      }
    }
  }

  static Optional<String> closest(String key, List<String> known) {
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    for (String k : known) {
      int d = distance(key.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
