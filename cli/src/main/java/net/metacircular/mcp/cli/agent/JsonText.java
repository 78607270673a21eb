package net.metacircular.mcp.cli.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as plain values, for {@link RecordJson}: an object is a {@code Map} (a repeated
 * name keeps its last value), an array a {@code List}, a string a {@code String}, an integer a
 * {@code Long}, any other number a {@code Double}, {@code true}/{@code false} a {@code Boolean},
 * {@code null} null. Strict RFC 8259; anything else is {@link Malformed}.
 */
final class JsonText {
  /** Not JSON (or an integer beyond a long): the caller's fallback reads it. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private int at;

  JsonText(String text) {
    this.text = text;
  }

  /** The one value of the document, with nothing but white space around it. */
  Object document() throws Malformed {
    Object v = value();
    space();
    if (at != text.length()) {
      throw new Malformed();
    }
    return v;
  }

  private Object value() throws Malformed {
    space();
    if (at >= text.length()) {
      throw new Malformed();
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> word("true", Boolean.TRUE);
      case 'f' -> word("false", Boolean.FALSE);
      case 'n' -> word("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() throws Malformed {
    at++;
    Map<String, Object> m = new HashMap<>();
    space();
    if (peek() == '}') {
      at++;
      return m;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw new Malformed();
      }
      String name = string();
      space();
      expect(':');
      m.put(name, value());
      space();
      if (peek() == ',') {
        at++;
      } else {
        expect('}');
        return m;
      }
    }
  }

  private List<Object> array() throws Malformed {
    at++;
    List<Object> list = new ArrayList<>();
    space();
    if (peek() == ']') {
      at++;
      return list;
    }
    while (true) {
      list.add(value());
      space();
      if (peek() == ',') {
        at++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() throws Malformed {
    at++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw new Malformed();
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw new Malformed();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw new Malformed();
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw new Malformed();
          }
          int code = 0;
          for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(at++), 16);
            if (d < 0) {
              throw new Malformed();
            }
            code = code * 16 + d;
          }
          out.append((char) code);
        }
        default -> throw new Malformed();
      }
    }
  }

  private Object number() throws Malformed {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    int digits = at;
    skipDigits();
    if (at == digits || (text.charAt(digits) == '0' && at - digits > 1)) {
      throw new Malformed();
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      at++;
      int fraction = at;
      skipDigits();
      if (at == fraction) {
        throw new Malformed();
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      int exponent = at;
      skipDigits();
      if (at == exponent) {
        throw new Malformed();
      }
    }
    String n = text.substring(start, at);
    try {
      return integral ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    } catch (NumberFormatException e) {
      throw new Malformed();
    }
  }

  private void skipDigits() {
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
  }

  private Object word(String word, Object value) throws Malformed {
    if (!text.startsWith(word, at)) {
      throw new Malformed();
    }
    at += word.length();
    return value;
  }

  private void expect(char c) throws Malformed {
    if (peek() != c) {
      throw new Malformed();
    }
    at++;
  }

  private char peek() {
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private void space() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }
}
