package net.metacircular.mcp.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Writes a {@link ServiceModel} as TOML, choosing layout, quoting and spelling at random. */
final class TomlWriter {
  private final Random random;
  private final StringBuilder out = new StringBuilder();

  private TomlWriter(Random random) {
    this.random = random;
  }

  static String write(ServiceModel m, Random random) {
    return new TomlWriter(random).service(m);
  }

  private String service(ServiceModel m) {
    comment();
    entries(
        List.of(
            "name = " + str("svc"),
            "node = " + str("rift"),
            "active = " + m.active(),
            "deploy = " + str("auto")));
    header("[[components]]");
    entries(List.of("name = " + str("db"), "image = " + str("docker.io/library/redis:7")));
    header("[[components]]");
    List<String> app = new ArrayList<>();
    app.add("name = " + str("app"));
    app.add("image = " + str("registry.example.net:5000/team/app:" + m.tag()));
    app.add("cmd = " + array(m.cmd()));
    app.add(
        "ports = " + array(m.hostPorts().stream().map(p -> "127.0.0.1:" + p + ":8080").toList()));
    app.add("volumes = " + array(List.of("/srv/svc/data:/data:Z")));
    app.add("restart = " + str(m.restart()));
    app.add("depends_on = " + array(List.of("db")));
    app.add("stop_timeout = " + str(duration(m.stopSeconds())));
    boolean envInline = random.nextBoolean();
    if (envInline) {
      app.add("env = " + inline(m.env()));
    }
    boolean healthInline = random.nextBoolean();
    List<String> health =
        List.of("cmd = " + array(List.of("true")), "interval = " + str(duration(60)));
    if (m.health() && healthInline) {
      app.add("health = { " + String.join(", ", shuffled(health)) + " }");
    }
    entries(app);
    // Sub-tables follow the component's own keys, in either order.
    List<Runnable> tables = new ArrayList<>();
    if (!envInline) {
      tables.add(
          () -> {
            header("[components.env]");
            entries(
                m.env().entrySet().stream()
                    .map(e -> e.getKey() + " = " + str(e.getValue()))
                    .toList());
          });
    }
    if (m.health() && !healthInline) {
      tables.add(
          () -> {
            header("[components.health]");
            entries(health);
          });
    }
    shuffled(tables).forEach(Runnable::run);
    return out.toString();
  }

  private void header(String h) {
    blank();
    out.append(indent()).append(h).append(trailingComment()).append('\n');
  }

  private void entries(List<String> lines) {
    for (String line : shuffled(lines)) {
      comment();
      String spaced = line.replaceFirst(" = ", random.nextBoolean() ? "=" : "  =   ");
      out.append(indent()).append(spaced).append(trailingComment()).append('\n');
    }
  }

  private String inline(Map<String, String> map) {
    List<String> parts = new ArrayList<>();
    map.forEach((k, v) -> parts.add(k + " = " + str(v)));
    return "{" + (parts.isEmpty() ? "" : " " + String.join(", ", shuffled(parts)) + " ") + "}";
  }

  private String array(List<String> values) {
    List<String> parts = values.stream().map(this::str).toList();
    String sep = random.nextBoolean() ? ", " : ",\n    ";
    return "[" + String.join(sep, parts) + (random.nextBoolean() && !parts.isEmpty() ? ",]" : "]");
  }

  /** A basic or, when it can hold the value, a literal string. */
  private String str(String s) {
    boolean literalOk = s.chars().noneMatch(c -> c == '\'' || c < 0x20 || c == 0x7f);
    if (literalOk && random.nextBoolean()) {
      return "'" + s + "'";
    }
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            c -> {
              if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
              } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04X", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.append('"').toString();
  }

  /** Equal durations, spelled differently. */
  private String duration(int seconds) {
    List<String> spellings = new ArrayList<>(List.of(seconds + "s", seconds * 1000 + "ms"));
    if (seconds % 60 == 0 && seconds > 0) {
      spellings.add(seconds / 60 + "m");
    }
    if (seconds > 60 && seconds % 60 != 0) {
      spellings.add(seconds / 60 + "m" + seconds % 60 + "s");
    }
    return spellings.get(random.nextInt(spellings.size()));
  }

  private void comment() {
    if (random.nextInt(4) == 0) {
      out.append(indent()).append("# a comment = \"not a key\"\n");
    }
    blank();
  }

  private void blank() {
    if (random.nextInt(3) == 0) {
      out.append(random.nextBoolean() ? "\n" : "   \n");
    }
  }

  private String indent() {
    return random.nextInt(3) == 0 ? "  " : "";
  }

  private String trailingComment() {
    return random.nextInt(4) == 0 ? "  # why" : "";
  }

  private <T> List<T> shuffled(List<T> items) {
    List<T> copy = new ArrayList<>(items);
    Collections.shuffle(copy, random);
    return copy;
  }
}
