package net.metacircular.mcp.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/agent-config.md documents exactly the keys the agent accepts: every key it
 * documents is accepted by the loader, and every key the loader reads is documented, table by
 * table.
 */
class ReferenceDocTest {
  private static final Pattern SECTION =
      Pattern.compile("^## (?:Top level|`\\[\\[?([a-z_]+)\\]\\]?`)$");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\|");

  /** The keys of agent-config.md's tables, by section ({@code ""} for "Top level"). */
  private static Map<String, Set<String>> documentedKeys() throws Exception {
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    String section = null;
    for (String line : Files.readAllLines(Path.of("..", "docs", "reference", "agent-config.md"))) {
      if (line.startsWith("## ")) {
        Matcher m = SECTION.matcher(line);
        section = m.matches() ? (m.group(1) == null ? "" : m.group(1)) : null;
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (section != null && row.find()) {
        keys.computeIfAbsent(section, s -> new TreeSet<>()).add(row.group(1));
      }
    }
    return keys;
  }

  /** The loader's keys as the page shows them: a table is its own section, not a top-level row. */
  private static Map<String, Set<String>> loaderKeys() {
    Map<String, Set<String>> read = AgentConfigLoader.knownKeys();
    Map<String, Set<String>> keys = new LinkedHashMap<>();
    read.forEach(
        (table, names) -> {
          Set<String> plain = new TreeSet<>(names);
          plain.removeAll(read.keySet());
          keys.put(table, plain);
        });
    return keys;
  }

  @Test
  void everyAcceptedKeyIsDocumentedAndEveryDocumentedKeyIsAccepted() throws Exception {
    Map<String, Set<String>> documented = documentedKeys();
    assertThat(documented.keySet()).contains("", "source", "server", "auth", "reconcile");
    assertThat(documented.get("reconcile")).contains("allow_host_network");
    assertThat(loaderKeys()).isEqualTo(documented);
  }

  /** Each documented key, written in a file, is not an unknown key (its value may be wrong). */
  @Test
  void theLoaderAcceptsEachDocumentedKeyInAFile() throws Exception {
    documentedKeys()
        .forEach(
            (table, keys) -> {
              for (String key : keys) {
                String line = key + " = 1\n";
                String toml =
                    table.isEmpty()
                        ? line + "[source]\ndir = \"/x\"\n"
                        : "[source]\ndir = \"/x\"\n" + "[" + table + "]\n" + line;
                ConfigException e =
                    catchThrowableOfType(
                        () -> AgentConfigLoader.parse(Path.of("x.toml"), toml),
                        ConfigException.class);
                List<String> problems = e == null ? List.of() : e.problems();
                assertThat(problems)
                    .as("[%s] %s", table, key)
                    .noneMatch(p -> p.contains("unknown key"));
              }
            });
  }

  /** The example at the top of the page is a config the agent accepts. */
  @Test
  void thePagesExampleIsAValidConfig() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "reference", "agent-config.md"));
    Matcher m = Pattern.compile("```toml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).isTrue();
    AgentConfig c = AgentConfigLoader.parse(Path.of("agent-config.md"), m.group(1));
    assertThat(c.node()).isEqualTo("rift");
  }

  /** Every route the API registers appears in docs/reference/api.md. */
  @Test
  void everyApiRouteIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "reference", "api.md"));
    String server =
        Files.readString(Path.of("src/main/java/net/metacircular/mcp/agent/api/ApiServer.java"));
    Matcher m = Pattern.compile("javalin\\.(get|post|put)\\(\"([^\"]+)\"").matcher(server);
    int routes = 0;
    while (m.find()) {
      routes++;
      String path = m.group(2).replace("<path>", "{path}");
      assertThat(doc)
          .as("api.md documents %s %s", m.group(1), path)
          .contains(m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path);
    }
    assertThat(routes).isGreaterThanOrEqualTo(15);
  }
}
