package net.metacircular.mcp.cli.act;

import java.nio.charset.StandardCharsets;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.ExitCodes;

/** Paths under {@code /srv/<service>/} as the files API takes them. */
final class FilePaths {
  private FilePaths() {}

  /** Checks a relative path without {@code ..}; the agent checks again. */
  static String require(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\0")) {
      throw new CliException(
          "the path must be relative to the service's folder, e.g. certs/cert.pem; got \""
              + path
              + "\"",
          ExitCodes.USAGE);
    }
    for (String seg : path.split("/")) {
      if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
        throw new CliException(
            "the path must stay inside the service's folder (no '..', '.' or empty parts); got \""
                + path
                + "\"",
            ExitCodes.USAGE);
      }
    }
    return path;
  }

  /** Each segment percent-encoded (unreserved characters kept). */
  static String encode(String path) {
    StringBuilder b = new StringBuilder();
    for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }
}
