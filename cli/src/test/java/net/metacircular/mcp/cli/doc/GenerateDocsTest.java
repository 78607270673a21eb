package net.metacircular.mcp.cli.doc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateDocsTest {
  @TempDir Path out;

  @Test
  void writesCompletionForBashAndZshAndAManPagePerCommand() throws Exception {
    GenerateDocs.main(new String[] {out.toString()});

    String bash = Files.readString(out.resolve("completion/mcp.bash"));
    assertThat(bash).contains("stop").contains("rollback").contains("--no-push");
    assertThat(Files.readString(out.resolve("completion/mcp.zsh"))).contains("ZSH_VERSION");
    assertThat(out.resolve("man/mcp-node-add.1")).exists();
    String root = Files.readString(out.resolve("man/mcp.1"));
    assertThat(root)
        .startsWith(".TH \"MCP\" 1")
        .contains(".SH EXIT STATUS")
        .contains("\\fBmcp\\-stop\\fR(1)");
    assertThat(Files.readString(out.resolve("man/mcp-stop.1")))
        .contains(".SH OPTIONS")
        .contains("\\-\\-no\\-push");
  }
}
