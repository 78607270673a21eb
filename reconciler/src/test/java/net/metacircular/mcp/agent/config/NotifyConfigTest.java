package net.metacircular.mcp.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyConfigTest {
  private static final Path FILE = Path.of("/srv/mcp/mcp-agent.toml");
  private static final String BASE = "node = \"rift\"\n[source]\ndir = \"/tmp/s\"\n";

  @TempDir Path dir;

  private Path secret(String mode) throws Exception {
    Path p = dir.resolve("secret-" + mode);
    Files.writeString(p, "s3cret\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    return p;
  }

  @Test
  void severalReceiversWithDefaultsAndFilters() throws Exception {
    AgentConfig c =
        AgentConfigLoader.parse(
            FILE,
            BASE
                + "[[notify]]\nurl = \"https://hooks.example.net/mcp\"\nsecret_file = \""
                + secret("rw-------")
                + "\"\n[[notify]]\nurl = \"http://127.0.0.1:8080/x\"\nformat = \"ntfy\"\n"
                + "repeat = \"1h\"\nkinds = [\"failed\"]\nservices = [\"web\"]\n");
    assertThat(c.notifiers()).hasSize(2);
    NotifyConfig json = c.notifiers().get(0);
    assertThat(json.name()).isEqualTo("notify[1]");
    assertThat(json.url()).isEqualTo(URI.create("https://hooks.example.net/mcp"));
    assertThat(json.format()).isEqualTo(NotifyConfig.Format.JSON);
    assertThat(json.repeat()).isEqualTo(Duration.ofHours(4));
    assertThat(json.wants("drift", "db")).isTrue();
    NotifyConfig ntfy = c.notifiers().get(1);
    assertThat(ntfy.format()).isEqualTo(NotifyConfig.Format.NTFY);
    assertThat(ntfy.repeat()).isEqualTo(Duration.ofHours(1));
    assertThat(ntfy.wants("failed", "web")).isTrue();
    assertThat(ntfy.wants("drift", "web")).isFalse();
    assertThat(ntfy.wants("failed", "db")).isFalse();
    assertThat(AgentConfigLoader.parse(FILE, BASE).notifiers()).isEmpty();
  }

  @Test
  void incidentDelaysAreTheAgentsWithDefaults() {
    assertThat(AgentConfigLoader.parse(FILE, BASE).incidents())
        .isEqualTo(new IncidentsConfig(Duration.ofMinutes(2), Duration.ofMinutes(10)));
    AgentConfig c =
        AgentConfigLoader.parse(
            FILE, BASE + "[incidents]\nopen_after = \"5m\"\nsource_after = \"1h\"\n");
    assertThat(c.incidents())
        .isEqualTo(new IncidentsConfig(Duration.ofMinutes(5), Duration.ofHours(1)));
    assertThat(problems(BASE + "[incidents]\nopen_after = \"soon\"\n"))
        .anyMatch(p -> p.contains("incidents.open_after: expected a duration"));
  }

  @Test
  void aSingleTableIsOneReceiver() {
    AgentConfig c =
        AgentConfigLoader.parse(
            FILE, BASE + "[notify]\nurl = \"http://localhost:9/x\"\nformat = \"slack\"\n");
    assertThat(c.notifiers()).singleElement().extracting(NotifyConfig::name).isEqualTo("notify");
  }

  @Test
  void badReceiversAreRefusedNamingTheKey() throws Exception {
    List<String> problems =
        problems(
            BASE
                + "[[notify]]\nurl = \"http://hooks.example.net/mcp\"\n"
                + "[[notify]]\nurl = \"https://h.example.net/\"\nformat = \"teams\"\nca_file = \""
                + dir.resolve("missing-ca.pem")
                + "\"\n"
                + "[[notify]]\nurl = \"https://h.example.net/\"\nsecret_file = \""
                + secret("rw-r--r--")
                + "\"\n[[notify]]\nurl = \"https://h.example.net/\"\nsecret_file = \""
                + dir.resolve("missing")
                + "\"\nkinds = [\"failing\"]\ncolour = 1\n"
                + "[[notify]]\nformat = \"json\"\n"
                + "[[notify]]\nurl = \"https://dup.example.net/\"\n"
                + "[[notify]]\nurl = \"https://dup.example.net/\"\nformat = \"slack\"\n");
    assertThat(problems)
        .anyMatch(p -> p.contains("notify[1].url: plain http is allowed only to this node"))
        .anyMatch(
            p ->
                p.contains(
                    "notify[2].format: unknown format \"teams\"; known formats: json, slack, ntfy"))
        .anyMatch(
            p ->
                p.contains("notify[3].secret_file: ")
                    && p.contains("is readable by other users")
                    && p.contains("chmod 600"))
        .anyMatch(p -> p.contains("notify[4].secret_file: ") && p.contains("no such file"))
        .anyMatch(p -> p.contains("notify[4].kinds: unknown kinds [failing]"))
        .anyMatch(p -> p.contains("notify[2].ca_file: ") && p.contains("no such file"))
        .anyMatch(
            p -> p.contains("notify[4].colour: unknown key; known keys here are ca_file, format,"))
        .anyMatch(p -> p.contains("notify[7].url: the same url as notify[6]"))
        .anyMatch(p -> p.contains("notify[5].url: is required"));
  }

  private static List<String> problems(String toml) {
    ConfigException e =
        catchThrowableOfType(() -> AgentConfigLoader.parse(FILE, toml), ConfigException.class);
    assertThat(e).isNotNull();
    return e.problems();
  }
}
