package net.metacircular.mcp.cli.repo;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.config.AtomicFiles;
import net.metacircular.mcp.schema.Names;

/**
 * The operator's clone of the services repository ({@code services_dir}), changed one service file
 * at a time through the {@code git} command line. Every check that can refuse a change runs before
 * anything is written; a failed commit puts the file back as it was.
 */
public final class ServicesRepo {
  private final Path dir;
  private final Git git;

  private ServicesRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  /**
   * @param configFile where {@code services_dir} came from, for messages
   */
  public static ServicesRepo open(Path dir, Path configFile, Map<String, String> env) {
    String fix =
        "; clone your services repository there (git clone URL "
            + dir
            + ") or set services_dir in "
            + configFile;
    if (!Files.isDirectory(dir)) {
      throw new CliException("services_dir " + dir + " does not exist" + fix);
    }
    Git git = new Git(dir, env);
    Git.Result r = git.run("rev-parse", "--is-inside-work-tree");
    if (!r.ok() || !r.out().strip().equals("true")) {
      throw new CliException("services_dir " + dir + " is not a git clone" + fix);
    }
    return new ServicesRepo(dir, git);
  }

  public Path dir() {
    return dir;
  }

  public Git git() {
    return git;
  }

  public static String fileName(String service) {
    return service + ".toml";
  }

  public Path file(String service) {
    return dir.resolve(fileName(service));
  }

  /** The services of the clone: its {@code *.toml} files, sorted. */
  public List<String> services() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".toml"))
          .map(n -> n.substring(0, n.length() - ".toml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new CliException("cannot list " + dir + ": " + e.getMessage());
    }
  }

  /** The service's file text; a clear error if there is no such service. */
  public String read(String service) {
    requireName(service);
    Path f = file(service);
    if (!Files.isRegularFile(f)) {
      List<String> all = services();
      throw new CliException(
          "no service "
              + service
              + " in "
              + dir
              + "; services are: "
              + (all.isEmpty() ? "none" : String.join(", ", all)));
    }
    try {
      return Files.readString(f);
    } catch (CharacterCodingException e) {
      throw new CliException(f + " is not UTF-8 text; fix it by hand first");
    } catch (IOException e) {
      throw new CliException("cannot read " + f + ": " + e.getMessage());
    }
  }

  /**
   * Refuses names that are not service names (and so could point outside the clone): a usage error
   * (exit 2), since the name comes from the command line.
   */
  public static void requireName(String service) {
    if (!Names.isValid(service)) {
      throw new CliException(
          "\""
              + service
              + "\" is not a service name: lower-case letters, digits and '-', e.g. metacrypt",
          ExitCodes.USAGE);
    }
  }

  /** Refuses a file with uncommitted changes, or one git does not track. */
  public void requireClean(String service) {
    String name = fileName(service);
    String status = git.ok("status", "--porcelain", "--untracked-files=all", "--", name);
    if (status.startsWith("??")) {
      throw new CliException(
          name
              + " is not committed yet in "
              + dir
              + "; commit it first (git -C "
              + dir
              + " add "
              + name
              + " && git -C "
              + dir
              + " commit)");
    }
    if (!status.isEmpty()) {
      throw new CliException(
          name
              + " has uncommitted changes in "
              + dir
              + "; commit or discard them first (see git -C "
              + dir
              + " diff -- "
              + name
              + "); nothing was changed");
    }
  }

  /** Refuses a detached HEAD or a merge, rebase, cherry-pick or revert in progress. */
  public String requireOnBranch() {
    for (String[] state :
        new String[][] {
          {"rebase-merge", "a rebase", "rebase"},
          {"rebase-apply", "a rebase", "rebase"},
          {"MERGE_HEAD", "a merge", "merge"},
          {"CHERRY_PICK_HEAD", "a cherry-pick", "cherry-pick"},
          {"REVERT_HEAD", "a revert", "revert"},
        }) {
      Path p = Path.of(git.ok("rev-parse", "--git-path", state[0]));
      if (Files.exists(p.isAbsolute() ? p : dir.resolve(p))) {
        throw new CliException(
            state[1]
                + " is in progress in "
                + dir
                + "; finish it (git -C "
                + dir
                + " "
                + state[2]
                + " --continue) or abort it (git -C "
                + dir
                + " "
                + state[2]
                + " --abort) first");
      }
    }
    Git.Result r = git.run("symbolic-ref", "--quiet", "--short", "HEAD");
    if (!r.ok()) {
      throw new CliException(
          dir
              + " is not on a branch (detached HEAD); switch to yours first, e.g. git -C "
              + dir
              + " switch main");
    }
    return r.out().strip();
  }

  /** Where the current branch pushes, if it has an upstream. */
  public Optional<Upstream> upstream(String branch) {
    String[] f =
        git.ok(
                "for-each-ref",
                "--format=%(upstream:remotename)%00%(upstream:remoteref)%00%(upstream:short)",
                "refs/heads/" + branch)
            .split("\0", -1);
    if (f.length < 3 || f[0].isEmpty() || f[1].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Upstream(f[0], f[1], f[2]));
  }

  public Upstream requireUpstream(String branch) {
    return upstream(branch)
        .orElseThrow(
            () ->
                new CliException(
                    "branch "
                        + branch
                        + " in "
                        + dir
                        + " has no upstream to push to; set one (git -C "
                        + dir
                        + " branch --set-upstream-to origin/"
                        + branch
                        + ") or pass --no-push"));
  }

  /**
   * Writes the service's file and commits only that file. If git refuses the commit (a hook, a
   * signing failure), the file is put back as it was.
   */
  public Commit commit(String service, String text, String message) {
    Path f = file(service);
    String before = read(service);
    write(f, text);
    Git.Result r = git.run("commit", "--quiet", "-m", message, "--", fileName(service));
    if (!r.ok()) {
      write(f, before);
      throw new CliException(
          "git commit failed, so nothing was committed and "
              + fileName(service)
              + " is as it was: "
              + r.message());
    }
    return head();
  }

  /**
   * Writes (or, with no content, deletes) one file under the clone, {@code path} relative to it,
   * and commits that file alone; on failure the file is as it was.
   */
  public Commit commitFile(String path, Optional<byte[]> content, String message) {
    Path f = dir.resolve(path);
    byte[] before = null;
    try {
      before = Files.exists(f) ? Files.readAllBytes(f) : null;
      if (content.isPresent()) {
        Files.createDirectories(f.getParent());
        AtomicFiles.write(f, content.get());
      } else {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new CliException("cannot write " + f + ": " + e.getMessage());
    }
    Git.Result add = git.run("add", "--all", "--", path);
    Git.Result r = add.ok() ? git.run("commit", "--quiet", "-m", message, "--", path) : add;
    if (!r.ok()) {
      try {
        git.run("reset", "--quiet", "--", path);
        if (before == null) {
          Files.deleteIfExists(f);
        } else {
          AtomicFiles.write(f, before);
        }
      } catch (IOException e) {
        // Reported with the commit's failure below.
      }
      throw new CliException(
          "git commit failed, so nothing was committed and "
              + path
              + " is as it was: "
              + r.message());
    }
    return head();
  }

  /** HEAD as a {@link Commit}. */
  public Commit head() {
    String[] f = git.ok("log", "-1", "--format=%H%x00%h%x00%s", "HEAD").split("\0", 3);
    return new Commit(f[0], f[1], f[2]);
  }

  /** Pushes HEAD to the upstream branch; never forces. */
  public PushResult push(Upstream upstream) {
    Git.Result r = git.run("push", "--porcelain", upstream.remote(), "HEAD:" + upstream.ref());
    if (r.ok()) {
      return new PushResult(PushResult.Status.PUSHED, "");
    }
    for (String line : r.out().split("\n")) {
      if (line.startsWith("!")) {
        String reason = line.substring(line.lastIndexOf('\t') + 1).strip();
        if (reason.startsWith("[rejected]")) {
          return new PushResult(PushResult.Status.REMOTE_MOVED, reason);
        }
        return new PushResult(PushResult.Status.REFUSED, reason + stderrHint(r));
      }
    }
    return new PushResult(PushResult.Status.FAILED, r.message());
  }

  private static String stderrHint(Git.Result r) {
    String remoteLines =
        String.join(
            "; ",
            Arrays.stream(r.err().split("\n"))
                .filter(l -> l.startsWith("remote:"))
                .map(l -> l.substring("remote:".length()).strip())
                .filter(l -> !l.isEmpty())
                .toList());
    return remoteLines.isEmpty() ? "" : " (" + remoteLines + ")";
  }

  /** The last commit that touched the service's file: hash, parents and subject. */
  public Optional<LastChange> lastChange(String service) {
    String out = git.ok("log", "-1", "--format=%H%x00%P%x00%s", "--", fileName(service));
    if (out.isEmpty()) {
      return Optional.empty();
    }
    String[] f = out.split("\0", 3);
    List<String> parents = f[1].isBlank() ? List.of() : List.of(f[1].strip().split(" "));
    return Optional.of(new LastChange(f[0], parents, f[2]));
  }

  /** A commit and what the rollback needs of it. */
  public record LastChange(String hash, List<String> parents, String subject) {}

  /** The paths a (non-merge) commit changed, relative to the clone's folder where inside it. */
  public List<String> changedFiles(String hash) {
    String prefix = git.ok("rev-parse", "--show-prefix");
    return git.ok("diff-tree", "--no-commit-id", "--name-only", "-r", "--root", hash)
        .lines()
        .map(p -> p.startsWith(prefix) ? p.substring(prefix.length()) : "/" + p)
        .toList();
  }

  /** The service file's text at a commit, if it existed there. */
  public Optional<String> show(String rev, String service) {
    Git.Result r = git.run("show", rev + ":./" + fileName(service));
    return r.ok() ? Optional.of(r.out()) : Optional.empty();
  }

  /** The full hash of a commit named by the user, or a clear error. */
  public String resolve(String rev, String service) {
    Git.Result r = git.run("rev-parse", "--verify", "--quiet", rev + "^{commit}");
    if (!r.ok()) {
      throw new CliException(
          "no commit "
              + rev
              + " in "
              + dir
              + "; the commits of "
              + service
              + " are listed by git -C "
              + dir
              + " log --oneline -- "
              + fileName(service));
    }
    return r.out().strip();
  }

  /**
   * {@code current} with one commit's change to the service's file undone, merged as git revert
   * merges (the file may have changed since): {@code git merge-file} of the file at the commit's
   * parent into {@code current}, the file at the commit being the base. Empty when later changes
   * conflict with the undoing.
   */
  public Optional<String> undo(String hash, String service, String current) {
    String base = show(hash, service).orElseThrow();
    String parent = show(hash + "~1", service).orElseThrow();
    if (current.equals(base)) {
      return Optional.of(parent);
    }
    Path dirTmp = null;
    try {
      dirTmp = Files.createTempDirectory("mcp-undo");
      Path cur = Files.writeString(dirTmp.resolve("current"), current);
      Path b = Files.writeString(dirTmp.resolve("base"), base);
      Path o = Files.writeString(dirTmp.resolve("parent"), parent);
      Git.Result r = git.run("merge-file", "-p", cur.toString(), b.toString(), o.toString());
      return r.exit() == 0 ? Optional.of(r.out()) : Optional.empty();
    } catch (IOException e) {
      throw new CliException("cannot write temporary files for git merge-file: " + e.getMessage());
    } finally {
      if (dirTmp != null) {
        try (var files = Files.list(dirTmp)) {
          for (Path f : files.toList()) {
            Files.deleteIfExists(f);
          }
          Files.deleteIfExists(dirTmp);
        } catch (IOException e) {
          // a leftover in the temporary directory is harmless
        }
      }
    }
  }

  public String shortHash(String hash) {
    return git.ok("rev-parse", "--short", hash);
  }

  /** Whether the index holds staged changes (a revert refuses to start then). */
  public boolean hasStagedChanges() {
    return !git.run("diff", "--cached", "--quiet").ok();
  }

  /** {@code git revert --no-edit}; on failure the revert is aborted and git's words returned. */
  public Commit revert(String hash) {
    Git.Result r = git.run("revert", "--no-edit", hash);
    if (!r.ok()) {
      git.run("revert", "--abort");
      throw new CliException(
          "git revert failed, so nothing was committed (the revert was aborted): " + r.message());
    }
    return head();
  }

  private static void write(Path f, String text) {
    try {
      AtomicFiles.write(f, text);
    } catch (IOException e) {
      throw new CliException("cannot write " + f + ": " + e.getMessage());
    }
  }
}
