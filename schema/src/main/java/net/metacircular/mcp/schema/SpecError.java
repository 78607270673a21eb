package net.metacircular.mcp.schema;

import java.util.Objects;

/**
 * One problem in a service file, placed so that an editor can jump to it.
 *
 * @param file the file name as the caller gave it, e.g. {@code metacrypt.toml}
 * @param line 1-based line, or 0 when the problem has no place in the text (an unreadable file)
 * @param column 1-based column, or 0 with line 0
 * @param keyPath where in the document, e.g. {@code components[1].restart}; empty for the whole
 *     file or a syntax error
 * @param message what is wrong, with the bad value and what was expected
 */
public record SpecError(String file, int line, int column, String keyPath, String message) {

  public SpecError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  /**
   * Renders as compilers do, {@code file:line:column: key: message}, e.g. {@code
   * metacrypt.toml:14:1: components[1].restart: expected one of no, on-failure[:N], always,
   * unless-stopped; got "sometimes"}.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(':').append(line).append(':').append(column);
    }
    b.append(": ");
    if (!keyPath.isEmpty()) {
      b.append(keyPath).append(": ");
    }
    return b.append(message).toString();
  }
}
