package net.metacircular.mcp.agent.source;

import java.util.Locale;
import java.util.Objects;

/**
 * The source could not be read or fetched. Nothing is changed on account of it: the agent keeps its
 * last desired state and tries again.
 *
 * <p>Every failure carries a {@link Kind}, decided from the types of the exceptions that caused it
 * (never from their messages): what an operator has to do differs by kind, and the loop reports a
 * failing source again only when its kind or reason changes.
 */
public class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as an operator would sort it. */
  public enum Kind {
    /** The remote refused the credentials (deploy key, token, URL password). */
    AUTH,
    /** The ssh host key is unknown or does not match known_hosts. */
    HOST_KEY,
    /** The remote answered but has no such repository. */
    NOT_FOUND,
    /** The remote cannot be reached: unknown host, connection refused, no route, reset. */
    NETWORK,
    /** The remote did not answer within {@code [source] timeout}. */
    TIMEOUT,
    /** The TLS handshake failed (an untrusted or invalid certificate). */
    TLS,
    /** The repository exists but the branch does not, or the folder is missing at its head. */
    BAD_REF,
    /** The head commit was refused by {@code verify_commits}. */
    UNTRUSTED,
    /** The agent's own side: its settings, key files or working copy. */
    LOCAL,
    /** Anything not sorted above. */
    OTHER;

    /** The word used in status and the API ({@code host_key}). */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named by {@link #word()}; {@link #OTHER} for a word this agent does not know. */
    public static Kind fromWord(String word) {
      for (Kind k : values()) {
        if (k.word().equals(word)) {
          return k;
        }
      }
      return OTHER;
    }
  }

  private final Kind kind;

  public SourceException(String message) {
    this(Kind.OTHER, message);
  }

  public SourceException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public SourceException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }
}
