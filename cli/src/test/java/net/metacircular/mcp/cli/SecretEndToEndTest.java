package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret set with the CLI reaches a container on a real agent and podman, as a file and as an
 * environment variable: the CLI asks the agent for its recipient and pins it in mcp.toml, the
 * service file names the secrets, and the value is nowhere in the agent's data directory, its API
 * answers or the CLI's output.
 */
@RequiresPodman
class SecretEndToEndTest {
  private static final String PASSWORD = "e2e-password-9d1c";
  private static final String KEY = "e2e-tls-key-0b7e";

  private AgentFixture f;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    f = new AgentFixture(t, root, true);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    f.t.removeAll();
  }

  @Test
  void aSecretSetWithTheCliReachesTheContainerAsAFileAndAnEnvironmentVariable() throws Exception {
    Cli.Run pw = f.cli.stdin(PASSWORD + "\n").run("secret", "set", f.b, "db_password");
    Cli.Run key = f.cli.stdin(KEY).run("secret", "set", f.b, "tls_key");

    assertThat(pw.exit()).as(pw.toString()).isZero();
    assertThat(key.exit()).as(key.toString()).isZero();
    assertThat(pw.err()).contains("pinned node " + f.node + "'s recipient age1");
    assertThat(Files.readString(f.config)).containsPattern("recipient = \"age1[0-9a-z]+\"");

    Path file = f.services.resolve(f.b + ".toml");
    Files.writeString(
        file,
        Files.readString(file)
            .replaceFirst(
                "name = \"api\"\n",
                "name = \"api\"\nsecrets = [\"tls_key\"]\nenv_secrets = { DB_PASSWORD ="
                    + " \"db_password\" }\n"));
    ServicesRemote.git(f.services, "commit", "-qam", "api uses its secrets");
    ServicesRemote.git(f.services, "push", "--quiet", "origin", "HEAD:main");
    f.agent.loop().sync().get(2, TimeUnit.MINUTES);

    String api = f.b + "-api";
    assertThat(exec(api, "cat", "/run/secrets/tls_key")).isEqualTo(KEY);
    assertThat(exec(api, "sh", "-c", "echo $DB_PASSWORD")).isEqualTo(PASSWORD);

    Cli.Run list = f.cli.run("secret", "list", f.b);
    assertThat(list.out()).contains("db_password").contains("api (env DB_PASSWORD)");
    List<String> seen = new ArrayList<>(List.of(pw.toString(), key.toString(), list.toString()));
    // The API's answers, as JSON through the CLI: status, events, the service's spec, ps.
    seen.add(f.cli.run("status", "--json").toString());
    seen.add(f.cli.run("events", "--json").toString());
    seen.add(f.cli.run("service", "show", f.b, "--json").toString());
    seen.add(f.cli.run("ps", "--json").toString());
    for (String s : seen) {
      assertThat(s).doesNotContain(PASSWORD).doesNotContain(KEY);
    }
    try (Stream<Path> files = Files.walk(f.root.resolve("data"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertThat(bytes).as(p.toString()).doesNotContain(PASSWORD).doesNotContain(KEY);
      }
    }
  }

  private String exec(String container, String... command) {
    List<String> args = new ArrayList<>(List.of("exec", container));
    args.addAll(List.of(command));
    return f.t.byHand(args.toArray(String[]::new)).strip();
  }
}
