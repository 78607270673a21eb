package net.metacircular.mcp.agent.source;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Takes credentials out of remote URLs and messages before anyone sees them. */
final class Redact {
  private static final Pattern URL_USERINFO =
      // Greedy up to the last '@' before the path: a password may hold an unencoded '@'.
      Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s]*@");
  private static final Pattern SCP_LIKE = Pattern.compile("^[^/:@\\s]+@([^/:\\s]+:.*)$");
  static final String HIDDEN = "***";

  private Redact() {}

  /**
   * A remote URL fit for messages: {@code https://user:token@host/x} becomes {@code
   * https://host/x}, {@code git@host:path} becomes {@code host:path}.
   */
  static String url(String url) {
    String stripped = URL_USERINFO.matcher(url).replaceAll("$1");
    Matcher scp = SCP_LIKE.matcher(stripped);
    return scp.matches() ? scp.group(1) : stripped;
  }

  /** A message with userinfo removed from every URL in it and every secret replaced. */
  static String text(String message, Collection<String> secrets) {
    if (message == null) {
      return "";
    }
    String out = message;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, HIDDEN);
      }
    }
    return URL_USERINFO.matcher(out).replaceAll("$1");
  }
}
