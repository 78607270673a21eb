package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.metacircular.mcp.agent.testing.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dist/StoredJar.java}, which {@code dist/assemble} runs on the agent's release jars: the
 * rewritten jars hold the same entries with the same bytes, stored (native libraries still
 * deflated), a signed jar still verifies, and its classes still load. Run on two of the agent's
 * real dependencies: BouncyCastle's signed provider and sqlite-jdbc with its native libraries.
 */
class StoredJarTest {
  @TempDir Path dir;

  @Test
  void rewritesEveryEntryStoredWithTheSameBytesAndKeepsNativeLibrariesDeflated() throws Exception {
    Path original = dependency("sqlite-jdbc-");
    Path jar = Files.copy(original, dir.resolve(original.getFileName()));

    run(jar);

    List<ZipEntry> before = entries(original);
    List<ZipEntry> after = entries(jar);
    assertThat(after).extracting(ZipEntry::getName).containsExactlyElementsOf(names(before));
    int natives = 0;
    for (int i = 0; i < after.size(); i++) {
      ZipEntry was = before.get(i);
      ZipEntry now = after.get(i);
      assertThat(now.getCrc()).as(now.getName()).isEqualTo(was.getCrc());
      assertThat(now.getSize()).as(now.getName()).isEqualTo(was.getSize());
      assertThat(now.getLastModifiedTime()).as(now.getName()).isEqualTo(was.getLastModifiedTime());
      boolean nativeLibrary = now.getName().matches(".*\\.(so|dll|dylib|jnilib)");
      natives += nativeLibrary ? 1 : 0;
      assertThat(now.getMethod())
          .as(now.getName())
          .isEqualTo(nativeLibrary ? ZipEntry.DEFLATED : ZipEntry.STORED);
    }
    assertThat(natives).as("sqlite-jdbc's native libraries").isPositive();
  }

  @Test
  void aSignedJarStillVerifiesAndItsClassesLoad() throws Exception {
    Path original = dependency("bcprov-");
    Path jar = Files.copy(original, dir.resolve(original.getFileName()));

    run(jar);

    int signed = 0;
    try (JarFile verified = new JarFile(jar.toFile(), true)) {
      for (JarEntry e : Collections.list(verified.entries())) {
        assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
        try (InputStream in = verified.getInputStream(e)) {
          in.transferTo(java.io.OutputStream.nullOutputStream()); // a bad digest throws here
        }
        if (e.getName().endsWith(".class")) {
          assertThat(e.getCodeSigners()).as(e.getName() + " signed").isNotEmpty();
          signed++;
        }
      }
    }
    assertThat(signed).isGreaterThan(1000);
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Object provider =
          loader
              .loadClass("org.bouncycastle.jce.provider.BouncyCastleProvider")
              .getConstructor()
              .newInstance();
      assertThat(((java.security.Provider) provider).getName()).isEqualTo("BC");
    }
  }

  @Test
  void aFileThatIsNotAJarIsNamedAndLeftAsItWas() throws Exception {
    Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip file");

    Result result = command(notAJar);

    assertThat(result.exit()).isNotZero();
    assertThat(result.output()).contains(notAJar.toString());
    assertThat(Files.readString(notAJar)).isEqualTo("not a zip file");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(notAJar);
    }
  }

  private record Result(int exit, String output) {}

  private static void run(Path jar) throws IOException, InterruptedException {
    Result result = command(jar);
    assertThat(result.exit()).as(result.output()).isZero();
  }

  private static Result command(Path jar) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add(repoRoot().resolve("dist/StoredJar.java").toString());
    command.add(jar.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
    return new Result(p.exitValue(), out);
  }

  /** A jar of the test class path whose file name starts with {@code prefix}. */
  private static Path dependency(String prefix) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .filter(p -> p.getFileName().toString().startsWith(prefix))
        .filter(p -> p.getFileName().toString().endsWith(".jar"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + "*.jar on the class path"));
  }

  private static List<ZipEntry> entries(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return Collections.list(zip.entries()).stream().map(e -> (ZipEntry) e).toList();
    }
  }

  private static List<String> names(List<ZipEntry> entries) {
    return entries.stream().map(ZipEntry::getName).toList();
  }

  private static Path repoRoot() {
    return RepoRoot.findFrom(Path.of(""))
        .orElseThrow(() -> new AssertionError("no repository (mvnw) above the working directory"));
  }
}
