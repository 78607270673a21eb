package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mcp-agent token list} and {@code mcp-agent token revoke} on a real tokens file. */
class TokenListRevokeTest {
  private static final String VADE = "a".repeat(64);
  private static final String GRAFANA = "b".repeat(64);
  private static final String OLD_VADE = "c".repeat(64);
  private static final String UNNAMED = "d".repeat(64);

  private record Run(int exit, String out, String err) {}

  @TempDir Path dir;
  Path tokens;
  Path config;
  String text;

  private static Run run(String... args) {
    CommandLine cl = AgentCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeEach
  void setUp() throws Exception {
    tokens = dir.resolve("tokens");
    text =
        "# local tokens of rift\n"
            + VADE
            + " admin vade\n"
            + GRAFANA
            + " read grafana   # dashboards\n"
            + "not a token line\n"
            + OLD_VADE
            + " admin vade\n"
            + UNNAMED
            + " read\n";
    Files.writeString(tokens, text);
    Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-r-----"));
    config = dir.resolve("mcp-agent.toml");
    Files.writeString(
        config,
        "node = \"n1\"\ndata_dir = \""
            + dir.resolve("data")
            + "\"\n[source]\ndir = \""
            + dir
            + "\"\n[auth]\ntokens_file = \""
            + tokens
            + "\"\n");
  }

  @Test
  void listShowsNamesRolesAndLinesButNoHash() {
    Run r = run("token", "list", "--config", config.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("NAME")
        .containsPattern("vade +admin +" + tokens + ":2")
        .containsPattern("grafana +read +" + tokens + ":3")
        .containsPattern("vade +admin +" + tokens + ":5")
        .containsPattern("line 6 +read +" + tokens + ":6")
        .contains(tokens + ":4: not a token line (the agent skips it)")
        .doesNotContain("aaaa")
        .doesNotContain("bbbb")
        .doesNotContain("dddd");
    assertThat(run("token", "list", "--file", tokens.toString()).out()).isEqualTo(r.out());
  }

  @Test
  void revokeRemovesEveryLineOfThatNameAtomicallyAndKeepsTheRestAndTheMode() throws Exception {
    Object inode = Files.readAttributes(tokens, "unix:ino").get("ino");

    Run r = run("token", "revoke", "vade", "--config", config.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("revoked vade (2 lines) in " + tokens);
    assertThat(Files.readString(tokens))
        .isEqualTo(
            "# local tokens of rift\n"
                + GRAFANA
                + " read grafana   # dashboards\n"
                + "not a token line\n"
                + UNNAMED
                + " read\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)))
        .isEqualTo("rw-r-----");
    assertThat(Files.readAttributes(tokens, "unix:ino").get("ino"))
        .as("a new file renamed over the old one")
        .isNotEqualTo(inode);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void anUnknownNameIsAnErrorAndChangesNothing() throws Exception {
    Run r = run("token", "revoke", "nobody", "--file", tokens.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("no token named nobody in " + tokens + " (nothing was changed)")
        .contains("names there: vade, grafana, vade, line 6");
    assertThat(Files.readString(tokens)).isEqualTo(text);
    assertThat(run("token", "revoke", "line 6", "--file", tokens.toString()).exit())
        .as("a line without a name is not revoked by its number")
        .isEqualTo(1);
  }

  @Test
  void aConfigWithoutATokensFileSaysSo() throws Exception {
    Files.writeString(
        config,
        "node = \"n1\"\ndata_dir = \""
            + dir.resolve("data")
            + "\"\n[source]\ndir = \""
            + dir
            + "\"\n");

    Run r = run("token", "list", "--config", config.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(config + " has no [auth] tokens_file");
  }
}
