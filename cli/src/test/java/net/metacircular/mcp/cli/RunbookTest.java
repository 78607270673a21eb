package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.metacircular.mcp.agent.AgentCommand;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs every command line of docs/runbook.md that can run on one machine, in the order written,
 * against a real agent, git remote and podman, so that the runbook cannot rot: the lines of its
 * {@code ```bash} blocks and its inline {@code mcp …}, {@code mcp-agent …}, {@code curl …} and
 * {@code make …} commands ({@link RunbookCommands}). {@code mcp} and {@code mcp-agent} run in
 * process; {@code make} runs as {@code make -n} (a real build takes minutes and {@code make clean}
 * would remove this test's own classes: ReleaseTarballTest checks the packing step); anything with
 * shell syntax runs in bash, with {@code mcp} and {@code mcp-agent} on its PATH. The node {@code
 * rift} and its address, the service {@code metacrypt} (a two-component service here), the node's
 * paths under /srv/mcp, placeholder commits and local files are substituted. What needs the node
 * itself or root is marked {@code ```bash remote} in the file; the test prints the list of what it
 * skipped.
 */
@RequiresPodman
class RunbookTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.-]+:9443\\b");
  private static final Pattern SHELL = Pattern.compile("[|<>$;&`\"'~*]");

  private AgentFixture f;
  private Path files;
  private Path bin;
  private String firstCommit;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    f = new AgentFixture(t, root);
    files = Files.createDirectories(root.resolve("workdir"));
    Files.writeString(files.resolve("metacrypt.toml"), "# a config file for the service\n");
    Files.writeString(files.resolve("local-cert.pem"), "not really a certificate\n");
    // The runbook revokes a token named old-laptop.
    Files.writeString(
        tokensFile(),
        "a".repeat(64) + " read old-laptop\n",
        java.nio.file.StandardOpenOption.APPEND);
    bin = Files.createDirectories(root.resolve("bin"));
    launcher("mcp", "net.metacircular.mcp.cli.McpCommand");
    launcher("mcp-agent", "net.metacircular.mcp.agent.AgentCommand");
    firstCommit = f.remoteHead().substring(0, 7);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    f.t.removeAll();
  }

  private Path tokensFile() {
    return f.root.resolve("tokens");
  }

  /** A command on bash's PATH running a main class of this test's class path. */
  private void launcher(String name, String mainClass) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path script = bin.resolve(name);
    Files.writeString(
        script,
        "#!/bin/sh\nexec '"
            + java
            + "' -XX:TieredStopAtLevel=1 -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + mainClass
            + " \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
  }

  /** The command with this machine's node, service, paths and files in place of the runbook's. */
  String substitute(String command) {
    String s = command;
    boolean nodeLiteral = s.startsWith("mcp node add ") || s.startsWith("mcp node remove ");
    if (!nodeLiteral) {
      s = ADDRESS.matcher(s).replaceAll(Matcher.quoteReplacement(f.address()));
      s = s.replaceAll("\\brift\\b", f.node);
    }
    if (s.startsWith("mcp validate")) {
      s = s.replace("metacrypt.toml", f.services.resolve(f.b + ".toml").toString());
    }
    // The service's config file keeps its name on both sides; only the service is renamed.
    if (s.startsWith("mcp push") || s.startsWith("mcp pull")) {
      s = s.replace(" metacrypt.toml ", " @CONFIG@ ");
    }
    s = s.replace(" cert.pem ", " " + files.resolve("local-cert.pem") + " ");
    s = s.replace("./local-copy.toml", files.resolve("copy.toml").toString());
    s = s.replaceAll("\\bmetacrypt\\b", f.b);
    s = s.replace("1a2b3c4", firstCommit);
    s =
        s.replace(
            "@CONFIG@",
            s.startsWith("mcp push")
                ? files.resolve("metacrypt.toml").toString()
                : "metacrypt.toml");
    s = s.replace("/srv/mcp/mcp-agent.toml", f.root.resolve("mcp-agent.toml").toString());
    s = s.replace("/srv/mcp/tokens", tokensFile().toString());
    s = s.replace("/srv/mcp/backups", f.root.resolve("data/backups").toString());
    if (s.matches("mcp-agent (token (list|revoke)|snapshot)\\b.*") && !s.contains("--config")) {
      s = s + " --config " + f.root.resolve("mcp-agent.toml");
    }
    return s;
  }

  /** What a command printed and how it exited. */
  record Result(int exit, String output) {}

  Result run(String command) throws Exception {
    if (command.startsWith("make ")) {
      StringBuilder all = new StringBuilder();
      for (String part : command.split("\\s*&&\\s*")) {
        Result r = bash("cd '" + REPO + "' && make -n " + part.substring("make ".length()));
        all.append(r.output());
        if (r.exit() != 0) {
          return r;
        }
      }
      return new Result(0, all.toString());
    }
    if (!SHELL.matcher(command).find() && command.startsWith("mcp ")) {
      Cli.Run r = f.cli.env("EDITOR", "true").run(command.substring(4).split("\\s+"));
      return new Result(r.exit(), r.toString());
    }
    if (!SHELL.matcher(command).find() && command.startsWith("mcp-agent ")) {
      CommandLine cl = AgentCommand.commandLine();
      StringWriter out = new StringWriter();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(out));
      int exit = cl.execute(command.substring("mcp-agent ".length()).split("\\s+"));
      return new Result(exit, out.toString());
    }
    return bash(command);
  }

  private Result bash(String command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.putAll(Cli.gitEnv());
    env.putAll(f.podmanEnv());
    env.put("HOME", f.cli.home().toString());
    env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("EDITOR", "true");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  void everyCommandOfTheRunbookThatRunsOnOneMachineWorksAsWritten() throws Exception {
    String runbook = Files.readString(REPO.resolve("docs/runbook.md"));
    List<RunbookCommands.Command> commands = RunbookCommands.of(runbook);
    List<String> skipped = new ArrayList<>();
    Map<String, Integer> ran = new HashMap<>();
    for (RunbookCommands.Command c : commands) {
      if (!c.runs()) {
        skipped.add(c.toString());
        continue;
      }
      String first = c.text().split("\\s+")[0];
      assertThat(RunbookCommands.RUNNABLE)
          .as("%s: a ```bash block runs on one machine; mark it ```bash remote otherwise", c)
          .contains(first);
      String command = substitute(c.text());
      Result r = run(command);
      if (c.inline() && r.exit() == ExitCodes.USAGE && c.text().split(" ").length < 4) {
        // `mcp deploy` in a sentence names the command; it is not a command line.
        skipped.add(c + "  (names a command)");
        continue;
      }
      assertThat(r.exit()).as("%s%n(run as: %s)%n%s", c, command, r.output()).isZero();
      ran.merge(first, 1, Integer::sum);
    }
    System.out.println(
        "RunbookTest ran "
            + ran
            + "; skipped "
            + skipped.size()
            + ":\n  "
            + String.join("\n  ", skipped));
    assertThat(ran.get("mcp")).isGreaterThan(40);
    assertThat(ran).containsKeys("mcp-agent", "curl", "make", "openssl");
    assertThat(skipped).anyMatch(s -> s.contains("nixos-rebuild switch"));
  }
}
