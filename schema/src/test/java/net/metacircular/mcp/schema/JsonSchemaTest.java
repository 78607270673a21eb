package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * service.schema.json, which editors use to check service files as they are typed, accepts every
 * example and rejects what the parser rejects for shape (it cannot see cross-field rules).
 */
class JsonSchemaTest {
  private static Schema schema;

  @BeforeAll
  static void load() throws IOException {
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(Files.readString(Path.of("service.schema.json")), InputFormat.JSON);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("net.metacircular.mcp.schema.ExamplesTest#examples")
  void acceptsEveryExample(Path file) throws IOException {
    assertThat(validate(Files.readString(file))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "owner = \"ops\"",
        "active = \"yes\"",
        "deploy = \"often\"",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nimgae = \"z\"",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nrestart = \"sometimes\"",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nports = [\"8080:80/http\"]",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nvolumes = [\"/srv/svc/data\"]",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nenv = { PORT = 8080 }",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nsecrets = [\"TLS\"]",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nenv_secrets = { PW = 1 }",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nstop_timeout = \"10\"",
        "[[components]]\nname = \"x\"\nimage = \"y\"\nhealth = { cmd = [] }",
        "[[components]]\nname = \"Bad_Name\"\nimage = \"y\"",
        "[[components]]\nname = \"x\"",
      })
  void rejectsBadShapes(String extra) {
    String text = "name = \"svc\"\nnode = \"rift\"\n" + extra + "\n";
    if (!extra.startsWith("[[components]]")) {
      text += "[[components]]\nname = \"app\"\nimage = \"app:1\"\n";
    }

    assertThat(validate(text)).isNotEmpty();
    assertThat(Fixtures.parse(text).isValid()).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "components = []"})
  void rejectsAServiceWithoutComponents(String components) {
    assertThat(validate("name = \"svc\"\nnode = \"rift\"\n" + components + "\n")).isNotEmpty();
  }

  private static List<Error> validate(String toml) {
    TomlParseResult doc = Toml.parse(toml);
    assertThat(doc.errors()).isEmpty();
    return schema.validate(doc.toJson(), InputFormat.JSON);
  }
}
