package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Java the launchers choose ({@code bin/lib/find-java.sh}, run by real bash): $JAVA_HOME,
 * then {@code java} on PATH, then the newest JDK under /usr/lib/jvm ({@code MCP_JVM_DIR} here),
 * each a fake JDK home whose {@code bin/java} is a small script printing the arguments it was
 * started with, and whose release file says its version. Also the self-contained launcher {@code
 * dist/bin/mcp} reached through a symlink, as {@code make install} links it: it finds its home and
 * passes the AOT cache only to the JDK build that made it.
 */
class LauncherTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String FIND_JAVA = REPO.resolve("bin/lib/find-java.sh").toString();

  /** What dist/bin/mcp passes before the cache's options: a short-lived command's JVM. */
  private static final List<String> LAUNCHER_OPTIONS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData",
          "-Djdk.reflect.useNativeAccessorOnly=true");

  @TempDir Path tmp;
  Path dir;
  Path jvms;
  Path pathDir;
  Path tools;

  @BeforeEach
  void directories() throws IOException {
    // Real paths: the launchers print paths without symlinks.
    dir = tmp.toRealPath();
    jvms = Files.createDirectories(dir.resolve("jvm"));
    pathDir = Files.createDirectories(dir.resolve("path"));
    // PATH holds the commands the scripts run, not the machine's own java.
    tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool :
        List.of("bash", "sed", "head", "readlink", "touch", "dirname", "grep", "tr", "paste")) {
      Path found =
          Stream.of("/usr/bin", "/bin")
              .map(d -> Path.of(d, tool))
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow(() -> new IOException(tool + " is in neither /usr/bin nor /bin"));
      // A script, not a symlink: JUnit warns about each link leaving its temporary directory.
      Path wrapper = tools.resolve(tool);
      Files.writeString(wrapper, "#!/bin/sh\nexec " + found + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void theNewestJdkByItsReleaseFileWinsWhenJavaHomeAndPathAreTooOld() throws Exception {
    Path java17 = jdk(dir.resolve("home-17"), "17.0.15");
    onPath(jdk(dir.resolve("path-11"), "11.0.2"));
    // By name (sort -rV) zulu-21 would come first; by version, 25.0.1 does.
    jdk(jvms.resolve("zulu-21"), "21.0.9");
    Path java25 = jdk(jvms.resolve("temurin-25"), "25.0.1");
    jdk(jvms.resolve("temurin-25.0.0"), "25");
    jdk(jvms.resolve("openjdk-17"), "17.0.2");

    assertThat(findJava(javaHome(java17))).isEqualTo(new Result(0, java25 + "\n", ""));
  }

  @Test
  void javaHomeThenPathComeFirstWhenTheyAreNewEnough() throws Exception {
    Path java21 = jdk(dir.resolve("home-21"), "21.0.1");
    Path java22 = jdk(jvms.resolve("jdk-22"), "22.0.2");
    jdk(jvms.resolve("jdk-25"), "25.0.1");
    Path onPath = onPath(java22);

    assertThat(findJava(javaHome(java21))).isEqualTo(new Result(0, java21 + "\n", ""));
    assertThat(findJava(Map.of())).isEqualTo(new Result(0, onPath + "\n", ""));
  }

  @Test
  void noJava21OrNewerIsExplainedWithExitStatus1() throws Exception {
    Path java17 = jdk(dir.resolve("home-17"), "17.0.15");
    onPath(jdk(dir.resolve("path-11"), "11.0.2"));
    jdk(jvms.resolve("jdk-17"), "17.0.2");
    jdk(jvms.resolve("jdk-8"), "1.8.0_392");
    String message =
        "MCP needs Java 21 or newer and found none (looked at $JAVA_HOME, java on PATH, "
            + jvms
            + "/*).\n"
            + "Install one, e.g.: sudo apt-get install -y openjdk-21-jre-headless (or set"
            + " JAVA_HOME).\n";

    assertThat(findJava(javaHome(java17))).isEqualTo(new Result(1, "", message));
    Path mcp = artefact(dir.resolve("build/mcp"));
    assertThat(run(env(javaHome(java17)), mcp.toString(), "ps"))
        .isEqualTo(new Result(1, "", message));
  }

  @Test
  void aJdkWithoutReleaseFileIsAskedAndOnlyWhenNoneWithOneWillDo() throws Exception {
    Path asked = jdkWithoutRelease(jvms.resolve("custom"), 23);
    jdk(jvms.resolve("jdk-17"), "17.0.2");
    assertThat(findJava(Map.of())).isEqualTo(new Result(0, asked + "\n", ""));
    assertThat(asked.resolveSibling("asked")).exists();

    Files.delete(asked.resolveSibling("asked"));
    Path java25 = jdk(jvms.resolve("jdk-25"), "25.0.1");
    assertThat(findJava(Map.of())).isEqualTo(new Result(0, java25 + "\n", ""));
    assertThat(asked.resolveSibling("asked")).as("a JVM start saved").doesNotExist();
  }

  @Test
  void theBuildLineIsWhatReadlinkGrepTrAndPasteMadeOfIt() throws Exception {
    // The line dist/assemble wrote to app.aot.jdk before the launchers stopped forking: the
    // caches made since must still match, and the caches made before.
    Path real = jdk(jvms.resolve("jdk-25"), "25.0.1");
    Files.writeString(
        real.getParent().resolveSibling("release"),
        "IMPLEMENTOR=\"Eclipse Adoptium\"\nIMPLEMENTOR_VERSION=\"Temurin-25.0.1+8\"\n"
            + "JAVA_RUNTIME_VERSION=\"25.0.1+8-LTS\"\nJAVA_VERSION=\"25.0.1\"\n"
            + "MODULES=\"java.base\"\nIMPLEMENTOR_VERSION_X=\"not this\"");
    Path noNewline = jdk(jvms.resolve("jdk-21"), "21.0.9");
    Files.writeString(
        noNewline.getParent().resolveSibling("release"),
        "JAVA_VERSION=\"21.0.9\"\nJAVA_RUNTIME_VERSION=\"21.0.9+10\"");
    Path linkToJvm = Files.createSymbolicLink(dir.resolve("java-link"), real);
    Path alternatives = onPath(noNewline); // a symlink, matched to its JDK with -ef
    // Not under the JVM directory: readlink -f, the one fork left.
    Path linkElsewhere =
        Files.createSymbolicLink(
            dir.resolve("java-elsewhere"), jdk(dir.resolve("elsewhere"), "21.0.3"));

    for (Path java : List.of(real, noNewline, linkToJvm, alternatives, linkElsewhere)) {
      String old =
          "java=$(readlink -f \"$1\"); home=$(dirname \"$(dirname \"$java\")\");"
              + " printf '%s %s\\n' \"$java\" \"$(grep -E"
              + " '^(JAVA_RUNTIME_VERSION|IMPLEMENTOR_VERSION)=' \"$home/release\" | tr -d '\"' |"
              + " paste -sd' ')\"";
      Result before = run(env(Map.of()), "/bin/bash", "-c", old, "old", java.toString());
      Result now = findJavaFunction("mcp_java_build", java.toString());
      assertThat(now).as(java.toString()).isEqualTo(before);
      assertThat(now.out()).startsWith(java.toRealPath() + " ");
    }
    assertThat(findJavaFunction("mcp_java_major", alternatives.toString()))
        .isEqualTo(new Result(0, "21\n", ""));
  }

  @Test
  void theInstalledSymlinkFindsItsHomeAndTheCacheGoesOnlyToTheJdkThatMadeIt() throws Exception {
    Path java25 = jdk(jvms.resolve("jdk-25"), "25.0.1");
    Path home = dir.resolve("lib/mcp");
    Path mcp = artefact(home);
    Files.writeString(home.resolve("app.aot"), "cache");
    Files.writeString(
        home.resolve("app.aot.jdk"), findJavaFunction("mcp_java_build", java25.toString()).out());
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("mcp"), mcp);

    List<String> aotCache = withAotCache(home, "app.aot");
    assertThat(run(env(Map.of()), link.toString(), "ps", "-o", "json"))
        .isEqualTo(ran(java25, concat(aotCache, "ps", "-o", "json")));
    // Relative, from the artefact's own bin/: the same absolute paths.
    assertThat(run(env(Map.of()), home.resolve("bin"), "/bin/bash", "mcp", "ps"))
        .isEqualTo(ran(java25, concat(aotCache, "ps")));

    List<String> classDataSharing =
        concat(
            LAUNCHER_OPTIONS,
            "-XX:SharedArchiveFile=" + home.resolve("app.jsa"),
            "-Xshare:auto",
            "-Xlog:cds=off",
            "-Xlog:cds+dynamic=off",
            "-jar",
            home.resolve("mcp.jar").toString());
    assertThat(run(env(Map.of()), link.toString(), "--help"))
        .isEqualTo(ran(java25, concat(classDataSharing, "--help")));
    // ps and status take app-fast.aot when there is one; the other commands app.aot.
    Files.writeString(home.resolve("app-fast.aot"), "cache");
    List<String> fastPathCache = withAotCache(home, "app-fast.aot");
    assertThat(run(env(Map.of()), link.toString(), "status"))
        .isEqualTo(ran(java25, concat(fastPathCache, "status")));
    assertThat(run(env(Map.of()), link.toString(), "logs", "web"))
        .isEqualTo(ran(java25, concat(aotCache, "logs", "web")));
    // A jar newer than the caches (replaced after dist/assemble made them): neither cache, as JDK
    // 25 itself would map app-fast.aot with another jar.
    Path lib = Files.createDirectories(home.resolve("lib"));
    Path dependency = Files.writeString(lib.resolve("dependency.jar"), "");
    Files.setLastModifiedTime(dependency, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(run(env(Map.of()), link.toString(), "ps"))
        .isEqualTo(ran(java25, concat(classDataSharing, "ps")));
    assertThat(run(env(Map.of()), link.toString(), "logs", "web"))
        .isEqualTo(ran(java25, concat(classDataSharing, "logs", "web")));
    Files.delete(dependency);
    // Another JDK build made the cache: this one gets the CDS archive, which it may ignore.
    Files.writeString(home.resolve("app.aot.jdk"), java25 + " JAVA_RUNTIME_VERSION=25.0.1+9\n");
    assertThat(run(env(Map.of()), link.toString(), "ps"))
        .isEqualTo(ran(java25, concat(classDataSharing, "ps")));
  }

  @Test
  void theAgentDaemonStartsWithoutTheArchiveItsShortCommandsWithIt() throws Exception {
    Path java25 = jdk(jvms.resolve("jdk-25"), "25.0.1");
    Path home = dir.resolve("lib/mcp-agent");
    Path lib = Files.createDirectories(home.resolve("bin/lib"));
    Files.copy(REPO.resolve("bin/lib/find-java.sh"), lib.resolve("find-java.sh"));
    Files.copy(REPO.resolve("bin/lib/agent-java-opts.sh"), lib.resolve("agent-java-opts.sh"));
    Path agent = home.resolve("bin/mcp-agent");
    Files.copy(REPO.resolve("dist/bin/mcp-agent"), agent, StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(home.resolve("mcp-agent.jar"), "");
    Files.writeString(home.resolve("app.jsa"), "");
    String archive = "-XX:SharedArchiveFile=" + home.resolve("app.jsa");

    // The daemon: its mapped archive would stay resident for its whole life.
    for (List<String> daemon : List.of(List.<String>of(), List.of("--config", "/srv/x.toml"))) {
      List<String> command = new ArrayList<>(List.of(agent.toString()));
      command.addAll(daemon);
      Result r = run(env(Map.of()), command.toArray(String[]::new));
      assertThat(r.out().lines()).as(r.toString()).contains("-XX:+UseSerialGC");
      assertThat(r.out().lines()).doesNotContain(archive);
    }
    // The short commands start sooner with it.
    for (String command : List.of("token", "secrets", "snapshot", "--version", "--help")) {
      Result r = run(env(Map.of()), agent.toString(), command);
      assertThat(r.out().lines()).as(command).contains(archive);
    }
    Result off = run(env(Map.of("MCP_CDS", "0")), agent.toString(), "token");
    assertThat(off.out().lines()).doesNotContain(archive);
    assertThat(off.out()).startsWith(java25 + "\n");
  }

  /** A fake JDK home: bin/java prints the arguments it was started with, and a release file. */
  private Path jdk(Path home, String version) throws IOException {
    Path java = javaScript(home, "");
    Files.writeString(
        home.resolve("release"),
        "IMPLEMENTOR=\"Fake\"\nJAVA_RUNTIME_VERSION=\""
            + version
            + "+1\"\nJAVA_VERSION=\""
            + version
            + "\"\n");
    return java;
  }

  /** A fake JDK home without a release file: its bin/java answers -XshowSettings, and says so. */
  private Path jdkWithoutRelease(Path home, int feature) throws IOException {
    return javaScript(
        home,
        "if [ \"$1\" = -XshowSettings:properties ]; then\n"
            + "  touch \""
            + home.resolve("bin/asked")
            + "\"\n"
            + "  printf 'Property settings:\\n    java.specification.version = "
            + feature
            + "\\n    java.version = "
            + feature
            + "\\n' >&2\n"
            + "  exit 0\nfi\n");
  }

  private static Path javaScript(Path home, String prelude) throws IOException {
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(
        java, "#!/bin/sh\n" + prelude + "echo \"$0\"\nfor a in \"$@\"; do echo \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  /** Puts a symlink to JAVA on PATH, as Debian's alternatives do with /usr/bin/java. */
  private Path onPath(Path java) throws IOException {
    return Files.createSymbolicLink(pathDir.resolve("java"), java);
  }

  /** dist/bin/mcp and find-java.sh laid out as dist/assemble does, with empty jars and archive. */
  private static Path artefact(Path home) throws IOException {
    Path lib = Files.createDirectories(home.resolve("bin/lib"));
    Files.copy(REPO.resolve("bin/lib/find-java.sh"), lib.resolve("find-java.sh"));
    Path mcp = home.resolve("bin/mcp");
    Files.copy(REPO.resolve("dist/bin/mcp"), mcp, StandardCopyOption.COPY_ATTRIBUTES);
    // Built before the archive and the caches, as dist/assemble's jars keep their build time.
    Path jar = Files.writeString(home.resolve("mcp.jar"), "");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
    Files.writeString(home.resolve("app.jsa"), "");
    return mcp;
  }

  private static Map<String, String> javaHome(Path java) {
    return Map.of("JAVA_HOME", java.getParent().getParent().toString());
  }

  private static Result ran(Path java, String... args) {
    return ran(java, List.of(args));
  }

  private static Result ran(Path java, List<String> args) {
    return new Result(0, java + "\n" + String.join("\n", args) + "\n", "");
  }

  /** The JVM's arguments before the command's with this AOT cache of the artefact at home. */
  private static List<String> withAotCache(Path home, String cache) {
    return concat(
        LAUNCHER_OPTIONS,
        "-XX:AOTCache=" + home.resolve(cache),
        "-Xlog:aot=off",
        "-Xlog:cds=off",
        "-jar",
        home.resolve("mcp.jar").toString());
  }

  private static List<String> concat(List<String> first, String... then) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(then));
    return all;
  }

  private Result findJava(Map<String, String> extra) throws Exception {
    return run(
        env(extra),
        "/bin/bash",
        "-c",
        "set -euo pipefail; . \"$1\"; mcp_find_java",
        "t",
        FIND_JAVA);
  }

  private Result findJavaFunction(String function, String arg) throws Exception {
    return run(
        env(Map.of()),
        "/bin/bash",
        "-c",
        "set -euo pipefail; . \"$1\"; " + function + " \"$2\"",
        "t",
        FIND_JAVA,
        arg);
  }

  /**
   * The environment of every run: only the fake JDKs (no JAVA_HOME but the test's, PATH's java the
   * fake one or none) and the tools the scripts need.
   */
  private Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", pathDir + ":" + tools);
    env.put("MCP_JVM_DIR", jvms.toString());
    env.put("HOME", dir.toString());
    env.putAll(extra);
    return env;
  }

  record Result(int code, String out, String err) {}

  private Result run(Map<String, String> env, String... command) throws Exception {
    return run(env, dir, command);
  }

  private Result run(Map<String, String> env, Path cwd, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p = pb.redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out, Files.readString(err));
  }
}
