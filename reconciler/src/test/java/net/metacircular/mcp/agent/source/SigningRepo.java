package net.metacircular.mcp.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A temporary git repository whose commits are made by the real git and signed by the real gpg or
 * ssh-keygen, each with its own throw-away keys: what an operator's workstation produces. The
 * user's ~/.gnupg and git configuration are kept out through GNUPGHOME and GIT_CONFIG_GLOBAL.
 */
final class SigningRepo implements AutoCloseable {
  private final Path root;
  private final Path work;
  private final Map<String, String> env;
  private final List<Path> gnupgHomes = new ArrayList<>();
  private final Repository repo;
  private int commits;

  SigningRepo(Path root) throws IOException, InterruptedException {
    assumeTrue(onPath("git"), "git is not installed");
    this.root = root;
    this.work = Files.createDirectories(root.resolve("repo"));
    Path emptyConfig = Files.writeString(root.resolve("gitconfig"), "");
    this.env =
        Map.of(
            "GIT_CONFIG_GLOBAL", emptyConfig.toString(),
            "GIT_CONFIG_NOSYSTEM", "1",
            "GIT_AUTHOR_NAME", "Alice",
            "GIT_AUTHOR_EMAIL", "alice@example.net",
            "GIT_COMMITTER_NAME", "Alice",
            "GIT_COMMITTER_EMAIL", "alice@example.net");
    run(work, Map.of(), "git", "init", "-q", "-b", "main");
    this.repo = new FileRepositoryBuilder().setGitDir(work.resolve(".git").toFile()).build();
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** A fresh OpenPGP key in its own GNUPGHOME; returns that home. */
  Path newGpgKey(String name) throws IOException, InterruptedException {
    assumeTrue(onPath("gpg"), "gpg is not installed");
    // Short path: gpg-agent's socket must fit in a unix socket address.
    Path home = Files.createTempDirectory("gpg");
    gnupgHomes.add(home);
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    gpg(
        home,
        "--quick-gen-key",
        name + " <" + name.toLowerCase(java.util.Locale.ROOT) + "@example.net>",
        "ed25519",
        "sign",
        "never");
    return home;
  }

  /** The ASCII-armored public key of the one key in that home. */
  String exportGpgKey(Path home) throws IOException, InterruptedException {
    return gpg(home, "--armor", "--export");
  }

  /** The fingerprint of the one key in that home. */
  String gpgFingerprint(Path home) throws IOException, InterruptedException {
    for (String line : gpg(home, "--with-colons", "--list-keys").split("\n")) {
      if (line.startsWith("fpr:")) {
        return line.split(":")[9];
      }
    }
    throw new IllegalStateException("no fingerprint in " + home);
  }

  /** A fresh ed25519 SSH key pair; returns the private key's path. */
  Path newSshKey(String name) throws IOException, InterruptedException {
    assumeTrue(onPath("ssh-keygen"), "ssh-keygen is not installed");
    Path key = root.resolve("ssh-" + name);
    run(
        root,
        Map.of(),
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        name,
        "-f",
        key.toString());
    return key;
  }

  /** The allowed-signers line for that SSH key. */
  static String allowedSigner(String principal, Path privateKey) throws IOException {
    return principal + " " + Files.readString(Path.of(privateKey + ".pub")).strip();
  }

  RevCommit commitUnsigned() throws IOException, InterruptedException {
    return commit();
  }

  RevCommit commitSignedGpg(Path gnupgHome) throws IOException, InterruptedException {
    return commit(
        Map.of("GNUPGHOME", gnupgHome.toString()),
        "-c",
        "gpg.format=openpgp",
        "-c",
        "user.signingkey=" + gpgFingerprint(gnupgHome),
        "commit",
        "-S");
  }

  RevCommit commitSignedSsh(Path sshKey) throws IOException, InterruptedException {
    return commit(
        Map.of(), "-c", "gpg.format=ssh", "-c", "user.signingkey=" + sshKey, "commit", "-S");
  }

  private RevCommit commit() throws IOException, InterruptedException {
    return commit(Map.of(), "commit");
  }

  private RevCommit commit(Map<String, String> extraEnv, String... gitArgs)
      throws IOException, InterruptedException {
    commits++;
    Files.writeString(work.resolve("svc" + commits + ".toml"), "name = \"svc" + commits + "\"\n");
    run(work, Map.of(), "git", "add", "-A");
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(gitArgs));
    argv.addAll(List.of("-q", "-m", "add svc" + commits));
    run(work, extraEnv, argv.toArray(String[]::new));
    return repo.parseCommit(repo.resolve("HEAD"));
  }

  /**
   * The same commit with its message changed and its signature kept: what an attacker who rewrites
   * a signed commit produces.
   */
  RevCommit tampered(RevCommit signed) throws IOException {
    String raw = new String(signed.getRawBuffer(), StandardCharsets.UTF_8);
    assertThat(raw).contains("add svc");
    byte[] altered = raw.replace("add svc", "add evil").getBytes(StandardCharsets.UTF_8);
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId id = inserter.insert(Constants.OBJ_COMMIT, altered);
      inserter.flush();
      return repo.parseCommit(id);
    }
  }

  Repository repo() {
    return repo;
  }

  private String gpg(Path home, String... args) throws IOException, InterruptedException {
    List<String> argv =
        new ArrayList<>(
            List.of("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", ""));
    argv.addAll(List.of(args));
    return run(root, Map.of("GNUPGHOME", home.toString()), argv.toArray(String[]::new));
  }

  private String run(Path dir, Map<String, String> extraEnv, String... argv)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", argv[0]).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s failed: %s", String.join(" ", argv), text).isZero();
    return text;
  }

  @Override
  public void close() throws IOException {
    repo.close();
    for (Path home : gnupgHomes) {
      // Stop the gpg-agent this home started, then remove the home.
      ProcessBuilder kill =
          new ProcessBuilder("gpgconf", "--kill", "all")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .directory(root.toFile());
      kill.environment().put("GNUPGHOME", home.toString());
      try {
        kill.start().waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try (var files = Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
