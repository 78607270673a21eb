package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root's help as packaged at build time ({@link RootHelp}), which {@code main} prints without
 * picocli, is what picocli prints: with colour and without, for {@code mcp}, {@code --help} and
 * {@code -h}.
 */
class RootHelpTest {
  @Test
  void thePackagedHelpIsPicocliSWordForWord(@TempDir Path home) {
    assertThat(RootHelp.packaged(false)).as("built by Maven's process-classes").isPresent();
    List<Cli> clis =
        List.of(
            new Cli(home),
            new Cli(home).terminal(true),
            new Cli(home).terminal(true).env("NO_COLOR", "1"));
    for (Cli cli : clis) {
      for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-h"})) {
        Cli.Run picocli = cli.run(args);
        Cli.Run packaged = cli.runFast(args);
        assertThat(packaged).as(String.join(" ", args)).isEqualTo(picocli);
        assertThat(packaged.out()).contains("Commands:");
      }
    }
    assertThat(new Cli(home).terminal(true).runFast("--help").out()).contains("\u001b[");
  }
}
