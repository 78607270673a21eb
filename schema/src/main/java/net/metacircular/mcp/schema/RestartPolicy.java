package net.metacircular.mcp.schema;

/**
 * podman's restart policy: {@code no}, {@code on-failure[:N]}, {@code always} or {@code
 * unless-stopped} (the default).
 *
 * @param kind which policy
 * @param maxRetries for {@code on-failure:N}, N; otherwise 0 (unlimited or not applicable)
 */
public record RestartPolicy(Kind kind, int maxRetries) {

  public static final RestartPolicy UNLESS_STOPPED = new RestartPolicy(Kind.UNLESS_STOPPED, 0);

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

  /** The value of podman's {@code --restart}, and of the service file's {@code restart}. */
  public String word() {
    return maxRetries > 0 ? kind.word() + ":" + maxRetries : kind.word();
  }

  @Override
  public String toString() {
    return word();
  }
}
