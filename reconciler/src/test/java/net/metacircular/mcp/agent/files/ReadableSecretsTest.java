package net.metacircular.mcp.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.config.AgentConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up warnings about secrets that others on the node can read. */
class ReadableSecretsTest {
  @TempDir Path root;
  private Path data;
  private Path tokens;
  private Path key;
  private Path secret;

  @BeforeEach
  void setUp() throws Exception {
    data = Files.createDirectories(root.resolve("data"));
    tokens = Files.writeString(root.resolve("tokens"), "ab12 admin alice\n");
    key = Files.writeString(root.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
    secret = Files.writeString(root.resolve("webhook-secret"), "s3cret\n");
    chmod(data, "rwx------");
    chmod(tokens, "rw-------");
    chmod(key, "rw-------");
    chmod(secret, "r--------");
  }

  private static void chmod(Path p, String mode) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private AgentConfig config() {
    return AgentConfigLoader.parse(
        root.resolve("mcp-agent.toml"),
        "node = \"rift\"\ndata_dir = \""
            + data
            + "\"\n[source]\nurl = \"https://git.example.net/ops/services.git\"\n"
            + "webhook_secret_file = \""
            + secret
            + "\"\nssh_key = \""
            + root.resolve("absent-key")
            + "\"\n[server]\nkey = \""
            + key
            + "\"\n[auth]\ntokens_file = \""
            + tokens
            + "\"\n");
  }

  @Test
  void nothingIsSaidWhenOnlyTheAgentsUserCanRead() {
    assertThat(ReadableSecrets.find(config())).isEmpty();
  }

  @Test
  void aTokensFileOf0644IsOneLineNamingItAndTheChmodThatFixesIt() throws Exception {
    chmod(tokens, "rw-r--r--");
    assertThat(ReadableSecrets.find(config()))
        .containsExactly(
            "the tokens file "
                + tokens
                + " is readable by group and others (rw-r--r--), and it lists the tokens' hashes"
                + " and roles; make it readable only by the agent's user: chmod 600 "
                + tokens);
  }

  @Test
  void eachReadableSecretIsOneLineAndADirectoryGetsChmod700() throws Exception {
    chmod(data, "rwxr-xr-x");
    chmod(key, "rw-r-----");
    chmod(secret, "rw----r--");
    assertThat(ReadableSecrets.find(config()))
        .containsExactly(
            "data_dir "
                + data
                + " is readable by group and others (rwxr-xr-x), and it holds mcp.db, whose"
                + " service specs include env values, and its backups; make it readable only by"
                + " the agent's user: chmod 700 "
                + data,
            "the TLS key "
                + key
                + " is readable by its group (rw-r-----), and whoever reads it can pose as this"
                + " agent; make it readable only by the agent's user: chmod 600 "
                + key,
            "the webhook secret "
                + secret
                + " is readable by others (rw----r--), and whoever reads it can trigger fetches;"
                + " make it readable only by the agent's user: chmod 600 "
                + secret);
  }
}
