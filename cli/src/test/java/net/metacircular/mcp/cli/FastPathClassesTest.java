package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM running {@link Main} for {@code mcp ps} and {@code mcp status} (the fast path) with a
 * plain mcp.toml loads no picocli class (its model costs, and its jar is one no start-up archive
 * can hold) and neither tomlj nor ANTLR (their parser costs a short command 20-40 ms): the
 * regressions that would bring them back are a picocli type in Main's signatures or in a fast-path
 * class, or a config reader that hands a plain file to tomlj.
 */
class FastPathClassesTest {
  @Test
  void psAndStatusLoadNeitherPicocliNorTomlj(@TempDir Path root) throws Exception {
    Path token = Files.writeString(root.resolve("token"), "t\n");
    // A node where nothing listens: the command fails to reach it (exit 1), after the config.
    Path config =
        Files.writeString(
            root.resolve("mcp.toml"),
            "services_dir = \""
                + root
                + "\"\ntoken_file = \""
                + token
                + "\"\n\n[[nodes]]\nname = \"n1\"\naddress = \"127.0.0.1:1\"\n");
    for (String command : List.of("ps", "status")) {
      Path log = root.resolve(command + ".classes");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xlog:class+load:file=" + log,
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  command,
                  "--config",
                  config.toString(),
                  "--timeout",
                  "5s")
              .redirectErrorStream(true)
              .redirectOutput(root.resolve(command + ".out").toFile())
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = Files.readString(root.resolve(command + ".out"), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(out).isEqualTo(1);
      assertThat(out).as(out).contains("n1");
      List<String> loaded = Files.readAllLines(log);
      assertThat(loaded).as("classes loaded").anyMatch(l -> l.contains(" " + Main.class.getName()));
      assertThat(loaded)
          .as("classes loaded by mcp %s", command)
          .noneMatch(l -> l.contains(" picocli."))
          .noneMatch(l -> l.contains(" org.tomlj."))
          .noneMatch(l -> l.contains(" org.antlr."));
    }
  }
}
