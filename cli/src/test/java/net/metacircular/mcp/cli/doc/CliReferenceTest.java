package net.metacircular.mcp.cli.doc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.metacircular.mcp.cli.AfterPush;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.McpCommand;
import org.junit.jupiter.api.Test;

/** docs/reference/cli.md is what the CLI's own help says; regenerate with MCP_UPDATE_DOCS=1. */
class CliReferenceTest {
  @Test
  void theReferenceMatchesTheCommandLine() throws Exception {
    String generated =
        GenerateDocs.markdown(
            McpCommand.commandLine(
                new CliEnv(
                    Path.of("/nonexistent"),
                    Map.of(),
                    new BufferedReader(new StringReader("")),
                    false),
                AfterPush.NONE));
    Path doc = Path.of("..", "docs", "reference", "cli.md");
    if ("1".equals(System.getenv("MCP_UPDATE_DOCS"))) {
      Files.writeString(doc, generated);
    }
    assertThat(generated).contains("## mcp status", "## mcp node add", "Exit codes");
    assertThat(Files.exists(doc)).as("%s exists (MCP_UPDATE_DOCS=1 writes it)", doc).isTrue();
    assertThat(Files.readString(doc))
        .as("docs/reference/cli.md is stale: regenerate with MCP_UPDATE_DOCS=1")
        .isEqualTo(generated);
  }
}
