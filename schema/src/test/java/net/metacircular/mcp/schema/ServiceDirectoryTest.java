package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceDirectoryTest {

  @Test
  void parsesEveryTomlFileDirectlyInTheFolder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("svc.toml"), Fixtures.MINIMAL);
    Files.writeString(dir.resolve("copy.toml"), Fixtures.MINIMAL);
    Files.writeString(dir.resolve("README.md"), "not a service");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/other.toml"), Fixtures.MINIMAL);

    SortedMap<String, ParseResult> results =
        new ServiceDirectory(new ServiceParser()).parseAll(dir);

    assertThat(results.keySet()).containsExactly("copy.toml", "svc.toml");
    assertThat(results.get("svc.toml").isValid()).isTrue();
    // A second file declaring the same service fails, since a name must be its file's name.
    assertThat(results.get("copy.toml").errors())
        .map(SpecError::toString)
        .containsExactly(
            "copy.toml:1:1: name: expected the file name without .toml, \"copy\"; got \"svc\""
                + " (rename the file to svc.toml or set name = \"copy\")");
  }

  @Test
  void theExamplesFolderIsAllValid() throws IOException {
    SortedMap<String, ParseResult> results =
        new ServiceDirectory(new ServiceParser()).parseAll(ExamplesTest.EXAMPLES);

    assertThat(results).isNotEmpty();
    assertThat(results.values()).allMatch(ParseResult::isValid);
  }
}
