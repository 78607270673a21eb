package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarballs unpack root-owned, whoever built them. {@code make mcp-agent} takes minutes
 * (Maven, then a class-data-sharing training run), so this test runs the Makefile's own packing
 * step, {@code dist/tarball}, on a small artefact of the same shape owned by another user, and
 * checks that the Makefile packs both artefacts with that step and nothing else.
 */
class ReleaseTarballTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final int BUILDER = 4321;

  @Test
  void theMakefilePacksBothArtefactsWithDistTarball() throws IOException {
    List<String> recipe = Files.readAllLines(REPO.resolve("Makefile"));
    assertThat(recipe)
        .contains(
            "\tdist/tarball $(BUILD)/mcp-agent.tar.gz $(BUILD) mcp-agent",
            "\tdist/tarball $(BUILD)/mcp.tar.gz $(BUILD) mcp");
    assertThat(recipe).noneMatch(l -> l.startsWith("\t") && l.matches(".*\\btar\\b.*-c.*"));
  }

  @Test
  void everyEntryOfTheTarballIsOwnedByRoot(@TempDir Path dir) throws Exception {
    Path build = dir.resolve("build");
    Path artefact = build.resolve("mcp-agent");
    Files.createDirectories(artefact.resolve("bin/lib"));
    Files.createDirectories(artefact.resolve("lib"));
    Path launcher = artefact.resolve("bin/mcp-agent");
    Files.writeString(launcher, "#!/bin/sh\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(artefact.resolve("bin/lib/find-java.sh"), "# sourced\n");
    Path jar = artefact.resolve("mcp-agent.jar");
    Files.write(jar, new byte[] {'P', 'K', 3, 4});
    FileTime built = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(jar, built);
    Files.writeString(artefact.resolve("lib/dependency.jar"), "jar");
    boolean root = uid(dir) == 0;
    if (root) {
      // Built by someone else: without --owner=0 the tarball would carry this uid.
      try (Stream<Path> all = Files.walk(build)) {
        for (Path p : all.toList()) {
          Files.setAttribute(p, "unix:uid", BUILDER, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(p, "unix:gid", BUILDER, LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
    Path tarball = build.resolve("mcp-agent.tar.gz");

    run(
        dir,
        REPO.resolve("dist/tarball").toString(),
        tarball.toString(),
        build.toString(),
        "mcp-agent");

    List<String> listing =
        run(dir, "tar", "--numeric-owner", "-tvzf", tarball.toString()).lines().toList();
    assertThat(listing).hasSize(8);
    assertThat(listing).allSatisfy(l -> assertThat(l.split("\\s+")[1]).isEqualTo("0/0"));
    if (root) {
      Path unpacked = Files.createDirectories(dir.resolve("usr-local-lib"));
      run(dir, "tar", "-C", unpacked.toString(), "-xzf", tarball.toString());
      try (Stream<Path> all = Files.walk(unpacked.resolve("mcp-agent"))) {
        assertThat(all.toList())
            .hasSize(8)
            .allSatisfy(
                p -> {
                  assertThat(uid(p)).as("owner of %s", p).isZero();
                  assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS))
                      .as("group of %s", p)
                      .isEqualTo(0);
                });
      }
      Path out = unpacked.resolve("mcp-agent");
      assertThat(Files.getLastModifiedTime(out.resolve("mcp-agent.jar")))
          .as("the jars keep their mtime (the CDS archive checks it)")
          .isEqualTo(built);
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(out.resolve("bin/mcp-agent"))))
          .isEqualTo("rwxr-xr-x");
    }
  }

  private static int uid(Path p) {
    try {
      return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s%n%s", String.join(" ", command), out).isZero();
    return out;
  }
}
