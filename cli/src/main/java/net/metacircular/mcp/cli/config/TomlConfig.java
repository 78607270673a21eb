package net.metacircular.mcp.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.schema.age.AgeRecipients;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;
import org.tomlj.TomlVersion;

/**
 * {@code mcp.toml} read by tomlj: any TOML, and every problem one sentence with the file, line, key
 * and fix. The authority: {@link PlainConfig} hands it every file it is not sure of.
 */
final class TomlConfig {
  static final Set<String> TOP_KEYS =
      Set.of(
          "services_dir", "token_file", "ca_cert", "services_root", "nodes", "secret_recipients");
  static final Set<String> NODE_KEYS = Set.of("name", "address", "recipient");

  private TomlConfig() {}

  /** Parses the text of {@code file}; a bad file is a {@link ConfigException}. */
  static CliConfig parse(Path file, String text, CliEnv env) {
    TomlParseResult doc = Toml.parse(text, TomlVersion.V1_0_0);
    if (doc.hasErrors()) {
      var e = doc.errors().get(0);
      throw bad(file, e.position(), "", "TOML syntax error: " + e.getMessage() + "; fix that line");
    }
    for (String key : doc.keySet()) {
      if (!TOP_KEYS.contains(key)) {
        throw bad(
            file,
            doc.inputPositionOf(key),
            key,
            "unknown key; the keys are services_dir, token_file, ca_cert, services_root,"
                + " secret_recipients and [[nodes]]");
      }
    }
    Path servicesDir =
        path(file, doc, "services_dir", ConfigLoader.DEFAULT_SERVICES_DIR, env).orElseThrow();
    Path tokenFile =
        path(file, doc, "token_file", ConfigLoader.DEFAULT_TOKEN_FILE, env).orElseThrow();
    Optional<Path> caCert = path(file, doc, "ca_cert", null, env);
    Optional<Path> servicesRoot =
        doc.contains("services_root")
            ? path(file, doc, "services_root", "/srv", env)
            : Optional.empty();
    if (servicesRoot.isPresent() && !servicesRoot.get().isAbsolute()) {
      throw bad(
          file,
          doc.inputPositionOf("services_root"),
          "services_root",
          "expected an absolute path like the agent's, e.g. services_root = \"/srv\"");
    }
    return new CliConfig(
        file,
        servicesDir,
        tokenFile,
        caCert,
        servicesRoot,
        nodes(file, doc),
        secretRecipients(file, doc));
  }

  private static Optional<Path> path(
      Path file, TomlParseResult doc, String key, String dflt, CliEnv env) {
    Object v = doc.get(key);
    if (v == null) {
      return Optional.ofNullable(dflt).map(env::expand);
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw bad(
          file,
          doc.inputPositionOf(key),
          key,
          "expected a path in quotes, e.g. "
              + key
              + " = \""
              + (dflt != null ? dflt : "~/.config/mcp/ca.pem")
              + "\"; got "
              + describe(v));
    }
    return Optional.of(env.expand(s));
  }

  private static List<String> secretRecipients(Path file, TomlParseResult doc) {
    Object v = doc.get("secret_recipients");
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v instanceof TomlArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i) instanceof String s && AgeRecipients.looksValid(s)) {
          out.add(s);
        } else {
          throw bad(
              file,
              array.inputPositionOf(i),
              "secret_recipients[" + i + "]",
              "expected an age recipient, \"age1…\" (age-keygen -y your-key.txt); got "
                  + describe(array.get(i)));
        }
      }
      return out;
    }
    throw bad(
        file,
        doc.inputPositionOf("secret_recipients"),
        "secret_recipients",
        "expected a list of age recipients, e.g. secret_recipients = [\"age1…\"]; got "
            + describe(v));
  }

  private static List<Node> nodes(Path file, TomlParseResult doc) {
    Object v = doc.get("nodes");
    if (v == null) {
      return List.of();
    }
    String example =
        "add [[nodes]] tables with name = \"rift\" and address = \"rift.example.net:9443\"";
    if (!(v instanceof TomlArray array) || !allTables(array)) {
      throw bad(file, doc.inputPositionOf("nodes"), "nodes", "expected tables; " + example);
    }
    List<Node> nodes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      TomlTable t = array.getTable(i);
      String at = "nodes[" + i + "]";
      TomlPosition where = array.inputPositionOf(i);
      for (String key : t.keySet()) {
        if (!NODE_KEYS.contains(key)) {
          throw bad(
              file,
              t.inputPositionOf(key),
              at + "." + key,
              "unknown key; a node has name, address and recipient");
        }
      }
      String name = string(file, t, where, at, "name", "\"rift\"");
      Node.checkName(name)
          .ifPresent(
              m -> {
                throw bad(file, t.inputPositionOf("name"), at + ".name", m);
              });
      if (!names.add(name)) {
        throw bad(
            file,
            t.inputPositionOf("name"),
            at + ".name",
            "node \""
                + name
                + "\" is listed twice; remove one with \"mcp node remove "
                + name
                + "\"");
      }
      String address = string(file, t, where, at, "address", "\"rift.example.net:9443\"");
      Node.checkAddress(address)
          .ifPresent(
              m -> {
                throw bad(file, t.inputPositionOf("address"), at + ".address", m);
              });
      Optional<String> recipient = Optional.empty();
      if (t.contains("recipient")) {
        Object r = t.get("recipient");
        if (!(r instanceof String rs) || !AgeRecipients.looksValid(rs)) {
          throw bad(
              file,
              t.inputPositionOf("recipient"),
              at + ".recipient",
              "expected the node's age recipient, \"age1…\" (GET /v1/secrets/recipient); got "
                  + describe(r));
        }
        recipient = Optional.of(rs);
      }
      nodes.add(new Node(name, address, recipient));
    }
    return nodes;
  }

  private static boolean allTables(TomlArray array) {
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof TomlTable)) {
        return false;
      }
    }
    return true;
  }

  private static String string(
      Path file, TomlTable t, TomlPosition where, String at, String key, String example) {
    Object v = t.get(key);
    if (v == null) {
      throw bad(
          file, where, at + "." + key, "required key is missing; add " + key + " = " + example);
    }
    if (!(v instanceof String s)) {
      throw bad(
          file,
          t.inputPositionOf(key),
          at + "." + key,
          "expected a string such as " + key + " = " + example + "; got " + describe(v));
    }
    return s;
  }

  private static String describe(Object v) {
    return v instanceof String s
        ? "\"" + s + "\""
        : v instanceof TomlTable ? "a table" : String.valueOf(v);
  }

  private static ConfigException bad(Path file, TomlPosition pos, String key, String message) {
    StringBuilder b = new StringBuilder(file.toString());
    if (pos != null) {
      b.append(':').append(pos.line()).append(':').append(pos.column());
    }
    b.append(": ");
    if (!key.isEmpty()) {
      b.append(key).append(": ");
    }
    return new ConfigException(b.append(message).toString());
  }
}
