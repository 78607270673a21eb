package net.metacircular.mcp.cli.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The status and header fields of an HTTP/1.1 answer, read line by line up to the empty line, so
 * that the body that follows stays in the stream unread. Field names are lower-cased; a repeated
 * field keeps its last value (the CLI reads only the length and the transfer coding).
 */
record AnswerHead(int status, Map<String, String> fields) {
  private static final int MAX_LINE = 64 * 1024;

  /** Reads a head, skipping interim (1xx) answers. */
  static AnswerHead read(InputStream in) throws IOException {
    while (true) {
      String statusLine = line(in);
      if (statusLine == null) {
        throw new EOFException("the connection closed before an answer");
      }
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.1 answer: " + abbreviated(statusLine));
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status: " + abbreviated(statusLine), e);
      }
      Map<String, String> fields = new HashMap<>();
      for (String f = line(in); ; f = line(in)) {
        if (f == null) {
          throw new EOFException("the connection closed inside an answer's head");
        }
        if (f.isEmpty()) {
          break;
        }
        int colon = f.indexOf(':');
        if (colon > 0) {
          fields.put(
              f.substring(0, colon).strip().toLowerCase(Locale.ROOT),
              f.substring(colon + 1).strip());
        }
      }
      if (status >= 200 || status < 100) {
        return new AnswerHead(status, Map.copyOf(fields));
      }
    }
  }

  boolean chunked() {
    return fields
        .getOrDefault("transfer-encoding", "")
        .toLowerCase(Locale.ROOT)
        .contains("chunked");
  }

  /** The Content-Length, or -1 when there is none (the body ends with the connection). */
  long contentLength() throws IOException {
    String v = fields.get("content-length");
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IOException("not a Content-Length: " + abbreviated(v), e);
    }
  }

  /** One line without its CR LF (ISO-8859-1, as HTTP heads are), or null at the end of input. */
  static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        return b.isEmpty() ? null : b.toString();
      }
      if (b.length() >= MAX_LINE) {
        throw new IOException("a line of the answer's head is longer than " + MAX_LINE + " bytes");
      }
      b.append((char) c);
    }
    int end = b.length();
    if (end > 0 && b.charAt(end - 1) == '\r') {
      b.setLength(end - 1);
    }
    return b.toString();
  }

  private static String abbreviated(String s) {
    String ascii = new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
    return ascii.length() > 80 ? ascii.substring(0, 80) + "…" : ascii;
  }
}
