package net.metacircular.mcp.schema;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * podman's restart policy: {@code no}, {@code on-failure[:N]}, {@code always} or {@code
 * unless-stopped} (the default).
 *
 * @param kind which policy
 * @param maxRetries for {@code on-failure:N}, N; otherwise 0 (unlimited or not applicable)
 */
public record RestartPolicy(Kind kind, int maxRetries) {

  public static final RestartPolicy UNLESS_STOPPED = new RestartPolicy(Kind.UNLESS_STOPPED, 0);

  /** What {@link #parse} accepts, for messages. */
  public static final String EXPECTED = "one of no, on-failure[:N], always, unless-stopped";

  private static final Pattern ON_FAILURE = Pattern.compile("on-failure(?::([0-9]{1,9}))?");

  /** The policies podman knows, by their words. */
  public enum Kind {
    NO("no"),
    ON_FAILURE("on-failure"),
    ALWAYS("always"),
    UNLESS_STOPPED("unless-stopped");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  public RestartPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
    }
    if (maxRetries > 0 && kind != Kind.ON_FAILURE) {
      throw new IllegalArgumentException("only on-failure takes a retry count");
    }
  }

  /** Reads a service file's {@code restart} value; empty if it is not one of {@link #EXPECTED}. */
  public static Optional<RestartPolicy> parse(String word) {
    Matcher m = ON_FAILURE.matcher(word);
    if (m.matches()) {
      return Optional.of(
          new RestartPolicy(
              Kind.ON_FAILURE, m.group(1) == null ? 0 : Integer.parseInt(m.group(1))));
    }
    for (Kind k : Kind.values()) {
      if (k != Kind.ON_FAILURE && k.word().equals(word)) {
        return Optional.of(new RestartPolicy(k, 0));
      }
    }
    return Optional.empty();
  }

  /** The value of podman's {@code --restart}, and of the service file's {@code restart}. */
  public String word() {
    return maxRetries > 0 ? kind.word() + ":" + maxRetries : kind.word();
  }

  @Override
  public String toString() {
    return word();
  }
}
