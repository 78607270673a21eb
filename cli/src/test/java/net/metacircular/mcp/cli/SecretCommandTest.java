package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import net.metacircular.mcp.schema.age.AgeIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mcp secret set, list, rm} in process on a real clone and remote: the value is encrypted to
 * the node's pinned recipient and the operators' (and Debian's {@code age -d} decrypts it),
 * committed and pushed; list shows names, hash prefixes and users, never a value; rm is refused
 * while a component uses the secret. The recipient asked of a live agent is tested in
 * SecretAgentCliTest.
 */
class SecretCommandTest extends GitCase {
  private static final String VALUE = "the-db-password-5e1f";

  private AgeIdentity node;
  private AgeIdentity operator;

  @BeforeEach
  void recipients() throws IOException {
    node = AgeIdentity.generate();
    operator = AgeIdentity.generate();
    Files.writeString(
        home.resolve(".config/mcp/mcp.toml"),
        "secret_recipients = [\""
            + operator.recipient()
            + "\"]\n\n[[nodes]]\nname = \"rift\"\naddress = \"rift.example.net:9443\"\nrecipient = \""
            + node.recipient()
            + "\"\n");
  }

  private byte[] remoteBytes(String path) throws IOException {
    Path clone = remote.clone("check");
    return Files.readAllBytes(clone.resolve(path));
  }

  @Test
  void setEncryptsToTheNodeAndTheOperatorsThenCommitsAndPushes() throws Exception {
    Cli.Run set = cli.stdin(VALUE + "\n").run("secret", "set", "metacrypt", "db_password");

    assertThat(set.exit()).as(set.toString()).isZero();
    assertThat(set.out() + set.err()).doesNotContain(VALUE);
    assertThat(remote.remoteSubject()).isEqualTo("mcp: secret set metacrypt/db_password");
    byte[] file = remoteBytes("secrets/metacrypt/db_password.age");
    assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain(VALUE);
    assertThat(new String(node.decrypt(file), StandardCharsets.UTF_8)).isEqualTo(VALUE);

    Path key = tmp.resolve("operator.txt");
    Files.writeString(key, operator.fileText(Instant.EPOCH));
    Process age =
        new ProcessBuilder(
                "age",
                "-d",
                "-i",
                key.toString(),
                services.resolve("secrets/metacrypt/db_password.age").toString())
            .start();
    assertThat(new String(age.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo(VALUE);
    assertThat(age.waitFor()).isZero();

    Files.writeString(tmp.resolve("v"), "rotated");
    Cli.Run again =
        cli.run(
            "secret",
            "set",
            "metacrypt",
            "db_password",
            "--from-file",
            tmp.resolve("v").toString());
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(remote.remoteSubject()).isEqualTo("mcp: secret rotate metacrypt/db_password");
    assertThat(status()).isEmpty();
  }

  @Test
  void listShowsNamesHashesAndUsersNeverValues() throws Exception {
    assertThat(cli.stdin(VALUE).run("secret", "set", "metacrypt", "db_password").exit()).isZero();
    Files.writeString(
        services.resolve("metacrypt.toml"),
        file("metacrypt.toml")
            .replaceFirst(
                "(\\[\\[components\\]\\]\\nname = \"api\"\\n)",
                "$1env_secrets = { DB_PASSWORD = \"db_password\" }\n"));
    ServicesRemote.git(services, "commit", "-qam", "api uses db_password");

    Cli.Run list = cli.run("secret", "list", "metacrypt");

    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains("db_password").contains("api (env DB_PASSWORD)");
    assertThat(list.out()).doesNotContain(VALUE);
    assertThat(list.out()).containsPattern("db_password +[0-9a-f]{12} ");

    Cli.Run rm = cli.run("secret", "rm", "metacrypt", "db_password");
    assertThat(rm.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(rm.err()).contains("secret db_password is used by metacrypt: api (env DB_PASSWORD)");
    assertThat(services.resolve("secrets/metacrypt/db_password.age")).exists();
  }

  @Test
  void rmOfAnUnusedSecretCommitsItsRemoval() throws Exception {
    assertThat(cli.stdin(VALUE).run("secret", "set", "metacrypt", "old_token").exit()).isZero();

    Cli.Run rm = cli.run("secret", "rm", "metacrypt", "old_token");

    assertThat(rm.exit()).as(rm.toString()).isZero();
    assertThat(remote.remoteSubject()).isEqualTo("mcp: secret rm metacrypt/old_token");
    assertThat(services.resolve("secrets/metacrypt/old_token.age")).doesNotExist();
  }

  @Test
  void aBadNameOrNoValueIsAUsageError() {
    assertThat(cli.stdin("x").run("secret", "set", "metacrypt", "TLS").exit())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(cli.stdin("").run("secret", "set", "metacrypt", "tls").exit())
        .isEqualTo(ExitCodes.USAGE);
  }
}
