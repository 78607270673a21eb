package net.metacircular.mcp.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/reference/agent-config.md documents every key the agent reads: the loader names its known
 * keys when it meets an unknown one, table by table.
 */
class ReferenceDocTest {
  private static final Pattern KNOWN = Pattern.compile("known keys here are (.*)$");

  private static List<String> knownKeys(String toml) {
    List<String> keys = new ArrayList<>();
    assertThatThrownBy(() -> AgentConfigLoader.parse(Path.of("x.toml"), toml))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              for (String p : e.problems()) {
                Matcher m = KNOWN.matcher(p);
                if (m.find()) {
                  keys.addAll(List.of(m.group(1).split(", ")));
                }
              }
            });
    return keys;
  }

  @Test
  void everyKeyIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "reference", "agent-config.md"));
    List<String> keys = new ArrayList<>();
    keys.addAll(knownKeys("zz = 1\n[source]\ndir = \"/x\"\n"));
    keys.addAll(knownKeys("node = \"n\"\n[source]\ndir = \"/x\"\nzz = 1\n"));
    keys.addAll(knownKeys("node = \"n\"\n[source]\ndir = \"/x\"\n[server]\nzz = 1\n"));
    keys.addAll(knownKeys("node = \"n\"\n[source]\ndir = \"/x\"\n[auth]\nzz = 1\n"));
    keys.addAll(knownKeys("node = \"n\"\n[source]\ndir = \"/x\"\n[reconcile]\nzz = 1\n"));
    assertThat(keys).contains("node", "url", "listen", "tokens_file", "drift_interval");
    for (String key : keys) {
      if (List.of("source", "server", "auth", "reconcile").contains(key)) {
        assertThat(doc).contains("## `[" + key + "]`");
      } else {
        assertThat(doc).as("agent-config.md documents %s", key).contains("| `" + key + "` |");
      }
    }
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
