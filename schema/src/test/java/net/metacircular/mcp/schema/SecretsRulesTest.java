package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secrets} and {@code env_secrets}: their names, their files in the repository, and what
 * they do to the spec hash (components without secrets keep the hash they had before secrets).
 */
class SecretsRulesTest {
  private static final Optional<Set<String>> HAS_TLS_KEY = Optional.of(Set.of("tls_key", "db"));

  private static List<String> errors(String lines, Optional<Set<String>> available) {
    return new ServiceParser()
        .parse("svc.toml", Fixtures.MINIMAL + lines, available).errors().stream()
            .map(SpecError::toString)
            .toList();
  }

  private static ComponentSpec component(String lines, Optional<Set<String>> available) {
    ParseResult r = new ServiceParser().parse("svc.toml", Fixtures.MINIMAL + lines, available);
    assertThat(r.errors()).isEmpty();
    return ((ParseResult.Valid) r).spec().components().get(0);
  }

  @Test
  void readsFileAndEnvironmentSecrets() {
    ComponentSpec c =
        component("secrets = [\"tls_key\"]\nenv_secrets = { DB_PASSWORD = \"db\" }\n", HAS_TLS_KEY);

    assertThat(c.secrets().files()).containsExactly("tls_key");
    assertThat(c.secrets().env()).containsExactlyEntriesOf(Map.of("DB_PASSWORD", "db"));
    assertThat(c.secrets().names()).containsExactly("db", "tls_key");
  }

  @Test
  void anUnknownSecretNamesTheFileItExpects() {
    assertThat(errors("secrets = [\"tls_cert\"]", HAS_TLS_KEY))
        .containsExactly(
            "svc.toml:7:12: components[0].secrets[0]: no secret \"tls_cert\" in the services"
                + " repository: expected the file secrets/svc/tls_cert.age (create it with: mcp"
                + " secret set svc tls_cert)");
    assertThat(errors("env_secrets = { PW = \"pw\" }", HAS_TLS_KEY))
        .containsExactly(
            "svc.toml:7:17: components[0].env_secrets.PW: no secret \"pw\" in the services"
                + " repository: expected the file secrets/svc/pw.age (create it with: mcp secret"
                + " set svc pw)");
  }

  @Test
  void badNamesAndShapesAreErrorsWithTheirPlace() {
    assertThat(errors("secrets = [\"TLS\"]", Optional.empty()))
        .containsExactly(
            "svc.toml:7:12: components[0].secrets[0]: expected a secret name: lower-case letters,"
                + " digits, '_' and '-', starting with a letter or digit, at most 63 characters;"
                + " got \"TLS\"");
    assertThat(errors("secrets = [\"db\", \"db\"]", HAS_TLS_KEY))
        .containsExactly(
            "svc.toml:7:18: components[0].secrets[1]: secret \"db\" is listed twice; it is"
                + " mounted once, at /run/secrets/db");
    assertThat(errors("env = { PW = \"x\" }\nenv_secrets = { PW = \"db\" }", HAS_TLS_KEY))
        .containsExactly(
            "svc.toml:8:17: components[0].env_secrets.PW: PW is set in both env and env_secrets;"
                + " keep one (a secret's value belongs in env_secrets)");
    assertThat(errors("env_secrets = { PW = 1 }", HAS_TLS_KEY))
        .containsExactly(
            "svc.toml:7:17: components[0].env_secrets.PW: expected the name of a secret, e.g. PW"
                + " = \"db_password\"; got integer 1");
  }

  @Test
  void withoutKnowledgeOfTheRepositoryOnlyTheShapeIsChecked() {
    assertThat(component("secrets = [\"anything\"]", Optional.empty()).secrets().files())
        .containsExactly("anything");
  }

  @Test
  void aFileIsCheckedAgainstTheSecretsBesideIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("svc.toml"), Fixtures.MINIMAL + "secrets = [\"tls_key\"]\n");
    assertThat(new ServiceParser().parse(dir.resolve("svc.toml")).errors())
        .extracting(SpecError::message)
        .containsExactly(
            "no secret \"tls_key\" in the services repository: expected the file"
                + " secrets/svc/tls_key.age (create it with: mcp secret set svc tls_key)");

    Files.createDirectories(dir.resolve("secrets/svc"));
    Files.writeString(dir.resolve("secrets/svc/tls_key.age"), "ciphertext");
    assertThat(new ServiceParser().parse(dir.resolve("svc.toml")).errors()).isEmpty();
  }

  @Test
  void aComponentWithoutSecretsKeepsTheHashItHadBeforeSecrets() {
    ComponentSpec plain = component("", Optional.empty());
    assertThat(SpecHash.canonical(plain)).doesNotContain("secret");
  }

  @Test
  void aNewValueChangesTheHashAndTheSameValueDoesNot() {
    ComponentSpec c = component("secrets = [\"tls_key\"]", HAS_TLS_KEY);
    String one = SpecHash.of(c.withSecrets(c.secrets().withDigests(Map.of("tls_key", "aa"))));
    String same = SpecHash.of(c.withSecrets(c.secrets().withDigests(Map.of("tls_key", "aa"))));
    String two = SpecHash.of(c.withSecrets(c.secrets().withDigests(Map.of("tls_key", "bb"))));

    assertThat(same).isEqualTo(one);
    assertThat(two).isNotEqualTo(one);
  }
}
