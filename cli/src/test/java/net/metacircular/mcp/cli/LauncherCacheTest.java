package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code mcp} launcher of {@code make mcp} ({@code dist/bin/mcp}) with the AOT cache that
 * {@code dist/assemble} makes on a JDK 24+: it is really mapped when it belongs to this JDK and
 * these jars, and a cache of another JDK or of other jars is ignored, never an error, with the same
 * output. The artefact is assembled by {@code dist/assemble} itself from this build's classes and
 * class path (the test runs before Maven's package phase), as the Makefile does.
 */
class LauncherCacheTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir static Path dir;
  static Path mcp;
  static String help;

  @BeforeAll
  static void assemble() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target/lib"));
    List<String> libs = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (p.endsWith("test-classes") || p.endsWith(Path.of("cli/target/classes"))) {
        continue;
      }
      String name = libs.size() + "-" + p.getFileName() + (Files.isDirectory(p) ? ".jar" : "");
      if (Files.isDirectory(p)) {
        jar("--create", "--file", target.resolve(name).toString(), "-C", entry, ".");
      } else {
        Files.copy(p, target.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
      }
      libs.add("lib/" + name);
    }
    Path manifest = dir.resolve("MANIFEST.MF");
    Files.writeString(
        manifest,
        "Main-Class: net.metacircular.mcp.cli.McpCommand\nClass-Path: "
            + String.join("\n  ", libs)
            + "\n");
    jar(
        "--create",
        "--file",
        dir.resolve("target/mcp-cli-test.jar").toString(),
        "--manifest",
        manifest.toString(),
        "-C",
        REPO.resolve("cli/target/classes").toString(),
        ".");
    Path out = dir.resolve("build/mcp");
    Result assembled =
        run(
            Map.of(),
            REPO.resolve("dist/assemble").toString(),
            "mcp",
            dir.resolve("target").toString(),
            "mcp-cli",
            out.toString(),
            "--help");
    assertThat(assembled.code()).as(assembled.toString()).isZero();
    mcp = out.resolve("bin/mcp");
    Result plain = mcp(Map.of("MCP_CDS", "0"), "ps", "--help");
    assertThat(plain.code()).as(plain.toString()).isZero();
    help = plain.out();
  }

  @Test
  void theCacheOfThisJdkAndTheseJarsIsMappedAndChangesNothing() throws Exception {
    assumeAotCache();
    // AOTMode=on makes the JVM fail rather than run without the cache: the run proves it mapped.
    Result mapped = mcp(Map.of("MCP_JAVA_OPTS", "-XX:AOTMode=on"), "ps", "--help");
    assertThat(mapped.code()).as(mapped.toString()).isZero();
    assertThat(mapped.out()).isEqualTo(help);
    Result normal = mcp(Map.of(), "ps", "--help");
    assertThat(normal).isEqualTo(new Result(0, help, ""));
    // ps and status map the cache trained on them alone, the other commands the whole one.
    assertThat(flags("ps", "--help")).contains("app-fast.aot");
    assertThat(flags("status", "--help")).contains("app-fast.aot");
    assertThat(flags("list", "--help")).contains("AOTCache=").doesNotContain("app-fast.aot");
    Result listMapped = mcp(Map.of("MCP_JAVA_OPTS", "-XX:AOTMode=on"), "list", "--help");
    assertThat(listMapped.code()).as(listMapped.toString()).isZero();
    assertThat(listMapped.out()).isEqualTo(mcp(Map.of("MCP_CDS", "0"), "list", "--help").out());
    // Help alone takes the CDS archive: the cache would load every class of ps and status.
    Result rootHelp = mcp(Map.of("MCP_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--help");
    assertThat(rootHelp.code()).isZero();
    assertThat(rootHelp.out().lines().findFirst().orElseThrow())
        .contains("SharedArchiveFile")
        .doesNotContain("AOTCache");
  }

  @Test
  void aCacheMadeByAnotherJdkIsNotPassedToThisOne() throws Exception {
    assumeAotCache();
    Path jdk = mcp.getParent().getParent().resolve("app.aot.jdk");
    String made = Files.readString(jdk);
    try {
      Files.writeString(jdk, "/usr/lib/jvm/other/bin/java JAVA_RUNTIME_VERSION=24.0.1+9\n");
      Result run = mcp(Map.of("MCP_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "ps", "--help");
      assertThat(run.code()).as(run.toString()).isZero();
      assertThat(run.out().lines().findFirst().orElseThrow()).doesNotContain("AOTCache");
      assertThat(run.out().lines().skip(1).collect(Collectors.joining("\n", "", "\n")))
          .isEqualTo(help);
      assertThat(run.err()).isEmpty();
    } finally {
      Files.writeString(jdk, made);
    }
  }

  /** The first line -XX:+PrintCommandLineFlags prints for {@code mcp ARGS}: the JVM's options. */
  private static String flags(String... args) throws Exception {
    Result r = mcp(Map.of("MCP_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out().lines().findFirst().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.aot", "app-fast.aot"})
  void aCacheTheJvmCannotUseIsIgnoredSilently(String file) throws Exception {
    assumeAotCache();
    Path cache = mcp.getParent().getParent().resolve(file);
    Path kept = cache.resolveSibling("app.aot.kept");
    Files.copy(cache, kept, StandardCopyOption.COPY_ATTRIBUTES);
    Path jar = cache.resolveSibling("mcp.jar");
    Path original = cache.resolveSibling("mcp.jar.kept");
    Files.copy(jar, original, StandardCopyOption.COPY_ATTRIBUTES);
    try {
      // Another jar: the same bytes with another mtime, which the cache was not made for.
      Files.setLastModifiedTime(
          jar, java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L));
      assertThat(mcp(Map.of("MCP_JAVA_OPTS", "-XX:AOTMode=on"), "list", "--help").code())
          .as(
              "the JVM refuses the whole cache for another jar (app-fast.aot it would map: JDK-8377932)")
          .isNotZero();
      assertThat(mcp(Map.of(), "ps", "--help")).isEqualTo(new Result(0, help, ""));
      assertThat(mcp(Map.of(), "--version").code()).isZero();
      Files.copy(
          original, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      // Not a cache this JVM can read (as one from another JDK build would be): its header is
      // wrong.
      Files.writeString(cache, "not an AOT cache\n".repeat(1000));
      assertThat(mcp(Map.of(), "ps", "--help")).isEqualTo(new Result(0, help, ""));
      assertThat(mcp(Map.of(), "list", "--help").code()).isZero();
    } finally {
      Files.move(original, jar, StandardCopyOption.REPLACE_EXISTING);
      Files.move(kept, cache, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void assumeAotCache() {
    Path home = mcp.getParent().getParent();
    assumeThat(home.resolve("app.aot"))
        .as("dist/assemble makes an AOT cache only with a JDK 24+")
        .exists();
    assertThat(home.resolve("app-fast.aot")).as("with the whole one, ps and status's").exists();
  }

  record Result(int code, String out, String err) {}

  private static Result mcp(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(mcp.toString()));
    command.addAll(List.of(args));
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("MCP_CONFIG", dir.resolve("no-such-mcp.toml").toString());
    return run(all, command.toArray(String[]::new));
  }

  private static Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p = pb.redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, Files.readString(err));
  }

  private static void jar(String... args) throws IOException {
    ToolProvider jar = ToolProvider.findFirst("jar").orElseThrow();
    int code = jar.run(new PrintStream(System.out), new PrintStream(System.err), args);
    if (code != 0) {
      throw new IOException("jar " + String.join(" ", args) + " exited " + code);
    }
  }
}
