package net.metacircular.mcp.cli.act;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.repo.Git;
import net.metacircular.mcp.cli.repo.PushResult;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.cli.repo.Upstream;

/**
 * Before {@code sync} and {@code deploy}: pushes the commits of services_dir that its upstream does
 * not have yet (never forcing), so that the agents fetch what the operator committed. Uncommitted
 * changes are not pushed; they are named on stderr.
 */
public final class PendingPush {
  private PendingPush() {}

  /** Local commits not on the upstream, oldest last ({@code %h %s}); empty without an upstream. */
  public static List<String> unpushed(ServicesRepo repo, String... paths) {
    Git.Result r = repo.git().run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}");
    if (!r.ok()) {
      return List.of();
    }
    List<String> args =
        new java.util.ArrayList<>(List.of("log", "--format=%h %s", "@{u}..HEAD", "--"));
    args.addAll(paths.length == 0 ? List.of(".") : List.of(paths));
    return repo.git().ok(args.toArray(String[]::new)).lines().toList();
  }

  /**
   * Pushes pending commits, saying so on stdout (not with --json); returns what it pushed, e.g.
   * {@code 2 local commit(s) of DIR, up to abc1234, are already pushed to origin/main}, or empty.
   * Without services_dir, or a clone without an upstream, there is nothing to push.
   */
  public static Optional<String> run(CommonOptions common, CliConfig config) {
    Optional<String> none = Optional.empty();
    if (!Files.isDirectory(config.servicesDir())) {
      return none;
    }
    ServicesRepo repo;
    try {
      repo = ServicesRepo.open(config.servicesDir(), config.file(), common.env().vars());
    } catch (CliException e) {
      return none;
    }
    String dirty = repo.git().ok("status", "--porcelain", "--untracked-files=all", "--", "*.toml");
    if (!dirty.isEmpty()) {
      common
          .err()
          .println(
              "mcp: note: uncommitted changes in "
                  + repo.dir()
                  + " are not pushed (commit them first): "
                  + String.join(", ", dirty.lines().map(String::strip).toList()));
      common.err().flush();
    }
    Git.Result head = repo.git().run("symbolic-ref", "--quiet", "--short", "HEAD");
    if (!head.ok()) {
      return none;
    }
    Optional<Upstream> upstream = repo.upstream(head.out().strip());
    if (upstream.isEmpty()) {
      return none;
    }
    String count = repo.git().ok("rev-list", "--count", "@{u}..HEAD");
    if (count.equals("0")) {
      return none;
    }
    Upstream u = upstream.get();
    PushResult pushed = repo.push(u);
    String kept =
        "your "
            + count
            + " commit(s) stay in "
            + repo.dir()
            + ", nothing was forced and no agent was asked";
    switch (pushed.status()) {
      case PUSHED -> {}
      case REMOTE_MOVED ->
          throw new CliException(
              "push rejected: "
                  + u.display()
                  + " has commits that your clone does not; "
                  + kept
                  + "; run git -C "
                  + repo.dir()
                  + " pull --rebase, then try again");
      case REFUSED ->
          throw new CliException(
              "the server refused the push to "
                  + u.display()
                  + ": "
                  + pushed.detail()
                  + "; "
                  + kept);
      case FAILED ->
          throw new CliException(
              "the push to " + u.display() + " failed: " + pushed.detail() + "; " + kept);
    }
    if (!common.json()) {
      common
          .out()
          .println(
              "pushed "
                  + count
                  + " local commit(s) of "
                  + repo.dir()
                  + " to "
                  + u.display()
                  + " ("
                  + repo.head().shortHash()
                  + ")");
      common.out().flush();
    }
    String shortHash = repo.head().shortHash();
    return Optional.of(
        "the "
            + count
            + " local commit(s) of "
            + repo.dir()
            + " up to "
            + shortHash
            + " are already pushed to "
            + u.display()
            + " and the agents apply them at their next poll, but they could not be synced now;"
            + " to undo them, git -C "
            + repo.dir()
            + " revert the commit(s) and push, or use mcp rollback SERVICE with an admin token");
  }

  /** A refusal after {@link #run} pushed something: the refusal, saying the push happened. */
  public static CliException refusedAfterPush(CliException refusal, Optional<String> pushed) {
    if (pushed.isEmpty() || refusal.exitCode() != net.metacircular.mcp.cli.ExitCodes.AUTH) {
      return refusal;
    }
    return new CliException(refusal.getMessage() + "\nmcp: " + pushed.get(), refusal.exitCode());
  }
}
