package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import net.metacircular.mcp.agent.files.PrivateFiles;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's clone of the services repository ({@code <data_dir>/services}): opened if healthy,
 * otherwise cloned afresh into a temporary folder next to it and swapped in. Only trusted commits
 * are ever checked out; a checkout is exact (hard reset and clean), never a merge.
 */
final class WorkingCopy {
  private static final Logger log = LoggerFactory.getLogger(WorkingCopy.class);
  static final String ORIGIN = "origin";

  /** Fetches into a repository and returns the remote branch's head. */
  @FunctionalInterface
  interface Fetcher {
    ObjectId fetch(Repository repo) throws GitAPIException;
  }

  /** A repository together with the head commit fetched into it. */
  record Fetched(Repository repo, ObjectId head) {}

  private final Path dir;

  WorkingCopy(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  Path dir() {
    return dir;
  }

  /**
   * The existing working copy, if it is a healthy clone of {@code remoteUrl}; otherwise empty (and
   * the reason is logged): the caller clones afresh.
   */
  Optional<Repository> openExisting(String remoteUrl, String shownUrl) {
    if (!Files.exists(dir)) {
      log.info("no working copy at {} yet: cloning {}", dir, shownUrl);
      return Optional.empty();
    }
    if (!Files.isDirectory(dir.resolve(Constants.DOT_GIT))) {
      log.warn("{} is not a git working copy: cloning {} afresh", dir, shownUrl);
      return Optional.empty();
    }
    Repository repo = null;
    try {
      repo = open();
      if (!repo.getObjectDatabase().exists()) {
        throw new IOException("no object database");
      }
      repo.exactRef(Constants.HEAD);
      String url = repo.getConfig().getString("remote", ORIGIN, "url");
      if (!remoteUrl.equals(url)) {
        log.warn(
            "working copy {} is a clone of another remote ({}): cloning {} afresh",
            dir,
            url == null ? "none" : Redact.url(url),
            shownUrl);
        repo.close();
        return Optional.empty();
      }
      return Optional.of(repo);
    } catch (IOException | RuntimeException e) {
      log.warn("working copy {} is damaged ({}): cloning {} afresh", dir, e.toString(), shownUrl);
      if (repo != null) {
        repo.close();
      }
      return Optional.empty();
    }
  }

  /**
   * Clones into a temporary folder next to the working copy (init, then {@code fetcher}), then
   * swaps it in place of the old one. Nothing is checked out yet. On failure the old working copy
   * is left as it was.
   */
  Fetched cloneFresh(String remoteUrl, String branch, Fetcher fetcher)
      throws GitAPIException, IOException {
    Path parent = dir.getParent();
    PrivateFiles.createDirectories(parent);
    removeLeftovers(parent);
    Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".clone-");
    ObjectId head;
    try {
      try (Git git = Git.init().setDirectory(tmp.toFile()).setInitialBranch(branch).call()) {
        configure(git.getRepository(), remoteUrl, branch);
        head = fetcher.fetch(git.getRepository());
      }
      swapIn(tmp);
    } catch (GitAPIException | IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
    return new Fetched(open(), head);
  }

  /**
   * Sets the origin remote and the settings the agent relies on (no symlinks in checkouts, garbage
   * collection inside the fetch); the config file is written only when one of them changed.
   */
  static void configure(Repository repo, String remoteUrl, String branch) throws IOException {
    StoredConfig config = repo.getConfig();
    String before = config.toText();
    config.setString("remote", ORIGIN, "url", remoteUrl);
    config.setString("remote", ORIGIN, "fetch", refSpec(branch));
    // A symbolic link in the repository is checked out as a small file holding its target, so a
    // service file can never make the agent read something outside the working copy.
    config.setBoolean("core", null, "symlinks", false);
    config.setBoolean("core", null, "autocrlf", false);
    // Every fetch writes a pack; JGit packs them into one once there are more than
    // gc.autopacklimit (50), loose objects never trigger it. Not detached: a detached collection
    // ran on JGit's own thread after the fetch had returned, beside the checkout, and on a first
    // clone in the temporary folder already moved in place ("Unlocking LockFile .../gc.log.lock
    // failed" with a stack trace in the log at every first start).
    config.setString("gc", null, "auto", "0");
    config.setBoolean("gc", null, "autoDetach", false);
    if (!config.toText().equals(before)) {
      config.save();
    }
  }

  static String refSpec(String branch) {
    return "+" + Constants.R_HEADS + branch + ":" + Constants.R_REMOTES + ORIGIN + "/" + branch;
  }

  /**
   * Moves the working copy exactly to {@code commit}: the local branch is forced to it, HEAD points
   * at the branch, index and files are reset hard and anything untracked is removed.
   */
  static void checkout(Repository repo, ObjectId commit, String branch)
      throws IOException, GitAPIException {
    String ref = Constants.R_HEADS + branch;
    RefUpdate branchUpdate = repo.updateRef(ref);
    branchUpdate.setNewObjectId(commit);
    branchUpdate.setForceUpdate(true);
    branchUpdate.setRefLogMessage("mcp-agent: checkout " + commit.name(), false);
    RefUpdate.Result moved = branchUpdate.update();
    switch (moved) {
      case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {}
      default ->
          throw new IOException("cannot move " + ref + " to " + commit.name() + ": " + moved);
    }
    RefUpdate head = repo.updateRef(Constants.HEAD);
    head.disableRefLog();
    RefUpdate.Result linked = head.link(ref);
    switch (linked) {
      case NEW, FORCED, NO_CHANGE -> {}
      default -> throw new IOException("cannot point HEAD at " + ref + ": " + linked);
    }
    try (Git git = new Git(repo)) {
      git.reset().setMode(ResetType.HARD).setRef(commit.name()).call();
      git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
    }
  }

  private Repository open() throws IOException {
    return new FileRepositoryBuilder()
        .setGitDir(dir.resolve(Constants.DOT_GIT).toFile())
        .setWorkTree(dir.toFile())
        .setMustExist(true)
        .build();
  }

  private void swapIn(Path fresh) throws IOException {
    Path old = null;
    if (Files.exists(dir)) {
      old = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".old-");
      Files.delete(old);
      Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteQuietly(old);
    }
  }

  /** Temporary clones and old copies left by an agent that died while swapping. */
  private void removeLeftovers(Path parent) throws IOException {
    String clone = "." + dir.getFileName() + ".clone-";
    String old = "." + dir.getFileName() + ".old-";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(clone) || name.startsWith(old)) {
          deleteQuietly(p);
        }
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      FileUtils.delete(p.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", p, e.toString());
    }
  }
}
