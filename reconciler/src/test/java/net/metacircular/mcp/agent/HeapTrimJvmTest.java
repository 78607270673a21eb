package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.metacircular.mcp.agent.testing.RepoRoot;
import org.junit.jupiter.api.Test;

/**
 * The launcher's heap options and the agent's trim together give memory back: a JVM started with
 * {@code bin/lib/agent-java-opts.sh}'s options, whose heap grew past 60 MiB for a 16 MiB live set,
 * commits under half of it after one trim, at most three times the live set. With the JVM's default
 * free ratios (40-70 %, shrinking in steps) the same trim gives nothing back.
 */
class HeapTrimJvmTest {
  private static final Pattern FIGURES = Pattern.compile("before=(\\d+) after=(\\d+)");

  @Test
  void aTrimGivesTheHeapBackToAboutTheLiveSetWithTheLaunchersOptions() throws Exception {
    List<String> command = new ArrayList<>();
    String java = ProcessHandle.current().info().command().orElseThrow();
    command.add(java);
    command.addAll(launcherOptions(java));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(HeapTrimProbe.class.getName());

    String out = run(command);

    Matcher m = FIGURES.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    long before = Long.parseLong(m.group(1));
    long after = Long.parseLong(m.group(2));
    assertThat(before).as(out).isGreaterThanOrEqualTo(60);
    // Three times the live set, young generation included; the JVM's defaults keep about 120.
    assertThat(after).as(out).isLessThanOrEqualTo(48).isLessThanOrEqualTo(before / 2);
  }

  /** The options the agent's launchers pass, from the one file they all source. */
  private static List<String> launcherOptions(String java) throws Exception {
    Path lib = repoRoot().resolve("bin/lib");
    String script =
        ". '"
            + lib.resolve("find-java.sh")
            + "' && . '"
            + lib.resolve("agent-java-opts.sh")
            + "' && mcp_agent_java_opts '"
            + java
            + "'";
    List<String> options = new ArrayList<>(run(List.of("bash", "-c", script)).lines().toList());
    assertThat(options).contains("-XX:+UseSerialGC");
    return options;
  }

  private static Path repoRoot() {
    return RepoRoot.findFrom(Path.of(""))
        .orElseThrow(() -> new AssertionError("no repository (mvnw) above the working directory"));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
