package net.metacircular.mcp.cli.output;

import java.util.regex.Pattern;

/** ANSI colour for people's terminals, or plain text; decided once per command. */
public final class Style {
  public static final Style PLAIN = new Style(false);
  public static final Style COLOUR = new Style(true);

  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

  private final boolean colour;

  private Style(boolean colour) {
    this.colour = colour;
  }

  public static Style of(boolean colour) {
    return colour ? COLOUR : PLAIN;
  }

  public boolean colour() {
    return colour;
  }

  public String bold(String s) {
    return wrap("1", s);
  }

  public String dim(String s) {
    return wrap("2", s);
  }

  public String red(String s) {
    return wrap("31", s);
  }

  public String green(String s) {
    return wrap("32", s);
  }

  public String yellow(String s) {
    return wrap("33", s);
  }

  private String wrap(String code, String s) {
    return colour && !s.isEmpty() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /** The width a terminal shows: without escape sequences, one column per code point. */
  public static int width(String s) {
    String plain = ANSI.matcher(s).replaceAll("");
    return plain.codePointCount(0, plain.length());
  }
}
