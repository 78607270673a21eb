package net.metacircular.mcp.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.schema.age.AgeRecipients;

/**
 * {@code mcp.toml} in the plain form that {@code mcp node add}, the docs and most operators write,
 * read without tomlj: tomlj's ANTLR parser costs a short command such as {@code mcp ps} 20-40 ms of
 * its start (docs/benchmarks.md, section 3). A line is blank, a comment, {@code [[nodes]]}, or
 * {@code key = value} with a bare key and a value that is a string on one line ({@code "…"} without
 * escapes, or {@code '…'}) or a one-line list of such strings; each may end in a comment.
 *
 * <p>It reads a file only when it is sure of it: anything else in the TOML, and any file that would
 * be an error (an unknown key, a wrong type, a missing or repeated key, a bad name, address or
 * recipient), makes it answer empty, and {@link TomlConfig} reads the file instead, so that every
 * message stays tomlj's and the config's own, word for word. For a file it reads, the config is the
 * one {@link TomlConfig} gives (PlainConfigTest runs both over the forms in use).
 */
final class PlainConfig {
  private PlainConfig() {}

  /** Thrown while reading at the first thing the reader is not sure of; never leaves the class. */
  private static final class Unsure extends Exception {
    private static final long serialVersionUID = 1L;

    Unsure() {
      super(null, null, false, false);
    }
  }

  /** The config, or empty when the file is to be read by tomlj. */
  static Optional<CliConfig> read(Path file, String text, CliEnv env) {
    try {
      return Optional.of(config(file, text, env));
    } catch (Unsure e) {
      return Optional.empty();
    }
  }

  private static CliConfig config(Path file, String text, CliEnv env) throws Unsure {
    Map<String, Object> top = new LinkedHashMap<>();
    List<Map<String, Object>> nodes = new ArrayList<>();
    Map<String, Object> table = top;
    for (String line : lines(text)) {
      Scanner s = new Scanner(line);
      s.blanks();
      if (s.atEndOrComment()) {
        continue;
      }
      if (s.peek() == '[') {
        s.nodesHeader();
        table = new LinkedHashMap<>();
        nodes.add(table);
        continue;
      }
      String key = s.bareKey();
      s.blanks();
      s.expect('=');
      s.blanks();
      Object value = s.peek() == '[' ? s.strings() : s.string();
      s.blanks();
      if (!s.atEndOrComment() || table.put(key, value) != null) {
        throw new Unsure();
      }
    }
    for (String key : top.keySet()) {
      if (key.equals("nodes") || !TomlConfig.TOP_KEYS.contains(key)) {
        throw new Unsure();
      }
    }
    Optional<Path> servicesRoot = optionalPath(top, "services_root", env);
    if (servicesRoot.isPresent() && !servicesRoot.get().isAbsolute()) {
      throw new Unsure();
    }
    return new CliConfig(
        file,
        optionalPath(top, "services_dir", env)
            .orElse(env.expand(ConfigLoader.DEFAULT_SERVICES_DIR)),
        optionalPath(top, "token_file", env).orElse(env.expand(ConfigLoader.DEFAULT_TOKEN_FILE)),
        optionalPath(top, "ca_cert", env),
        servicesRoot,
        nodes(nodes),
        recipients(top.get("secret_recipients")));
  }

  /** The lines without their terminators; a carriage return anywhere but before one: unsure. */
  private static List<String> lines(String text) throws Unsure {
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from <= text.length()) {
      int nl = text.indexOf('\n', from);
      int to = nl < 0 ? text.length() : nl;
      int end = to > from && text.charAt(to - 1) == '\r' && nl >= 0 ? to - 1 : to;
      lines.add(text.substring(from, end));
      from = to + 1;
    }
    return lines;
  }

  private static Optional<Path> optionalPath(Map<String, Object> table, String key, CliEnv env)
      throws Unsure {
    Object v = table.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw new Unsure();
    }
    return Optional.of(env.expand(s));
  }

  private static List<String> recipients(Object v) throws Unsure {
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new Unsure();
    }
    List<String> out = new ArrayList<>();
    for (Object r : list) {
      if (!(r instanceof String s) || !AgeRecipients.looksValid(s)) {
        throw new Unsure();
      }
      out.add(s);
    }
    return out;
  }

  private static List<Node> nodes(List<Map<String, Object>> tables) throws Unsure {
    List<Node> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Map<String, Object> t : tables) {
      for (String key : t.keySet()) {
        if (!TomlConfig.NODE_KEYS.contains(key)) {
          throw new Unsure();
        }
      }
      if (!(t.get("name") instanceof String name)
          || !(t.get("address") instanceof String address)
          || Node.checkName(name).isPresent()
          || Node.checkAddress(address).isPresent()
          || !names.add(name)) {
        throw new Unsure();
      }
      Object recipient = t.get("recipient");
      if (recipient != null && !(recipient instanceof String r && AgeRecipients.looksValid(r))) {
        throw new Unsure();
      }
      nodes.add(new Node(name, address, Optional.ofNullable((String) recipient)));
    }
    return nodes;
  }

  /** One line, read from left to right; whatever it does not expect there: unsure. */
  private static final class Scanner {
    private final String line;
    private int at;

    Scanner(String line) {
      this.line = line;
    }

    /** The next character, or 0 at the end. */
    char peek() {
      return at < line.length() ? line.charAt(at) : 0;
    }

    void blanks() {
      while (peek() == ' ' || peek() == '\t') {
        at++;
      }
    }

    void expect(char c) throws Unsure {
      if (peek() != c) {
        throw new Unsure();
      }
      at++;
    }

    /** At the end, or at a comment of printable characters (tabs allowed) that ends the line. */
    boolean atEndOrComment() throws Unsure {
      if (at == line.length()) {
        return true;
      }
      if (peek() != '#') {
        return false;
      }
      for (int i = at + 1; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c != '\t' && (c < ' ' || c == 0x7f)) {
          throw new Unsure();
        }
      }
      return true;
    }

    /** {@code [[nodes]]}, with blanks inside the brackets or not. */
    void nodesHeader() throws Unsure {
      expect('[');
      expect('[');
      blanks();
      if (!bareKey().equals("nodes")) {
        throw new Unsure();
      }
      blanks();
      expect(']');
      expect(']');
      blanks();
      if (!atEndOrComment()) {
        throw new Unsure();
      }
    }

    /** A bare key: ASCII letters, digits, '_' and '-'; quoted and dotted keys are unsure. */
    String bareKey() throws Unsure {
      int from = at;
      while (at < line.length() && bareKeyChar(line.charAt(at))) {
        at++;
      }
      if (at == from) {
        throw new Unsure();
      }
      return line.substring(from, at);
    }

    private static boolean bareKeyChar(char c) {
      return c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '_'
          || c == '-';
    }

    /**
     * A one-line string: {@code "…"} without backslashes (escapes are tomlj's to read) or {@code
     * '…'}, of printable characters; {@code """} and {@code '''} fail at what follows them.
     */
    String string() throws Unsure {
      char quote = peek();
      if (quote != '"' && quote != '\'') {
        throw new Unsure();
      }
      int from = ++at;
      while (at < line.length() && line.charAt(at) != quote) {
        char c = line.charAt(at);
        if (c < ' ' || c == 0x7f || c == '\\' && quote == '"') {
          throw new Unsure();
        }
        at++;
      }
      String s = line.substring(from, at);
      expect(quote);
      return s;
    }

    /** A list of strings on this line, {@code ["a", "b"]}, a comma after the last one allowed. */
    List<String> strings() throws Unsure {
      expect('[');
      List<String> out = new ArrayList<>();
      blanks();
      while (peek() != ']') {
        out.add(string());
        blanks();
        if (peek() == ',') {
          at++;
          blanks();
        } else if (peek() != ']') {
          throw new Unsure();
        }
      }
      at++;
      return out;
    }
  }
}
