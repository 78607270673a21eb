package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The service files in examples/services/ at the repository root are valid, as documented. */
class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples", "services");

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".toml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void isValidAndOnRift(Path file) {
    ParseResult result = new ServiceParser().parse(file);

    assertThat(result.errors()).isEmpty();
    assertThat(result.orElseThrow().node()).isEqualTo("rift");
  }

  @Test
  void thereAreTheDocumentedExamples() throws IOException {
    assertThat(examples().map(p -> p.getFileName().toString()))
        .contains(
            "metacrypt.toml", "static-site.toml", "thumbnailer.toml", "wiki.toml", "ledger.toml");
  }

  @Test
  void metacryptHasApiWithHealthAndWebAfterIt() {
    ServiceSpec spec = new ServiceParser().parse(EXAMPLES.resolve("metacrypt.toml")).orElseThrow();

    ComponentSpec api = spec.component("api").orElseThrow();
    ComponentSpec web = spec.component("web").orElseThrow();
    assertThat(api.image()).isEqualTo("mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2");
    assertThat(api.health()).isPresent();
    assertThat(api.ports()).allMatch(p -> p.startsWith("127.0.0.1:"));
    assertThat(web.image()).isEqualTo("mcr.svc.mcp.metacircular.net:8443/metacrypt-web:v1.4.2");
    assertThat(web.dependsOn()).containsExactly("api");
    assertThat(spec.components())
        .flatMap(ComponentSpec::volumes)
        .allMatch(v -> v.startsWith("/srv/metacrypt"));
  }

  @Test
  void inactiveAndManualExamples() {
    ServiceParser parser = new ServiceParser();

    assertThat(parser.parse(EXAMPLES.resolve("wiki.toml")).orElseThrow().active()).isFalse();
    assertThat(parser.parse(EXAMPLES.resolve("ledger.toml")).orElseThrow().deploy())
        .isEqualTo(DeployMode.MANUAL);
    // A restarted metacrypt api comes back sealed: no commit may restart it by itself.
    assertThat(parser.parse(EXAMPLES.resolve("metacrypt.toml")).orElseThrow().deploy())
        .isEqualTo(DeployMode.MANUAL);
    assertThat(parser.parse(EXAMPLES.resolve("thumbnailer.toml")).orElseThrow().component("worker"))
        .hasValueSatisfying(w -> assertThat(w.dependsOn()).containsExactly("queue"));
  }
}
