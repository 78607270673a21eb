package net.metacircular.mcp.cli.change;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.PushOptions;
import net.metacircular.mcp.cli.repo.Commit;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.ServiceSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp rollback SERVICE [--to COMMIT | --last-change]}. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Undo the last change to a service: git revert of the last commit that touched its file,"
          + " validated, pushed.",
      "When the service's agent rolled a commit back after it failed its soak and quarantined"
          + " it, undo that commit's change to the file instead (the agent's rollback made"
          + " permanent in git). When the agent cannot be asked, nothing is changed: run it again"
          + " when the node answers, or choose with --last-change or --to.",
      "With --last-change, undo the last change without asking the agent.",
      "With --to COMMIT, put the file back as it was at COMMIT instead (one new commit)."
    })
public final class RollbackCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin PushOptions push;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @ArgGroup(exclusive = true)
  Which which;

  /** Which rollback, when the operator chooses it rather than the agent's quarantine. */
  static final class Which {
    @Option(
        names = "--to",
        paramLabel = "COMMIT",
        description = "Restore the file as it was at this commit (hash, tag, HEAD~2, …).")
    String to;

    @Option(
        names = "--last-change",
        description =
            "Revert the last commit that touched the file, without asking the agent which commit"
                + " it quarantined.")
    boolean lastChange;
  }

  @Override
  public Integer call() {
    ChangeSession s = ChangeSession.open(common, push, service);
    String current = s.currentText();
    Optional<ServiceSpec> before = s.parse(current).validSpec();
    if (which != null && which.to != null) {
      return rollbackTo(s, current, before, which.to);
    }
    if (which != null && which.lastChange) {
      return revertLast(s, before);
    }
    Optional<Quarantine> q = before.flatMap(b -> Quarantine.ask(common, b.node(), service));
    return q.isPresent() ? revertQuarantined(s, current, before, q.get()) : revertLast(s, before);
  }

  /**
   * The agent rolled the service back from a commit that failed its soak and quarantined it: undo
   * that commit's change to the file in git, so that what the file says is what runs again.
   */
  private int revertQuarantined(
      ChangeSession s, String current, Optional<ServiceSpec> before, Quarantine q) {
    ServicesRepo repo = s.repo;
    String failed = q.failedCommit();
    if (!repo.git().run("cat-file", "-e", failed + "^{commit}").ok()) {
      throw new CliException(
          "the agent quarantined "
              + failed
              + ", which is not in "
              + repo.dir()
              + "; fetch it (git -C "
              + repo.dir()
              + " pull) and run mcp rollback "
              + service
              + " again; nothing was changed");
    }
    String shortHash = repo.shortHash(failed);
    Optional<String> at = repo.show(failed, service);
    Optional<String> parent = repo.show(failed + "~1", service);
    if (at.isEmpty() || parent.isEmpty() || at.get().equals(parent.get())) {
      throw new CliException(
          "the agent quarantined "
              + shortHash
              + " for "
              + service
              + ", but that commit "
              + (at.isPresent() && parent.isEmpty() ? "created " : "did not change ")
              + s.fileName()
              + ", so there is no change of it to revert; choose the state to go back to with mcp"
              + " rollback "
              + service
              + " --to COMMIT");
    }
    Optional<String> undone = repo.undo(failed, service, current);
    if (undone.isEmpty()) {
      throw new CliException(
          "reverting the quarantined "
              + shortHash
              + " conflicts with later changes to "
              + s.fileName()
              + "; choose the state to go back to with mcp rollback "
              + service
              + " --to COMMIT; nothing was changed");
    }
    if (undone.get().equals(current)) {
      return s.nothingToDo(
          s.fileName()
              + " no longer has the change of the quarantined "
              + shortHash
              + "; nothing to roll back");
    }
    ServiceSpec after =
        s.requireValid(
            undone.get(),
            "reverting the quarantined "
                + shortHash
                + " would make "
                + s.fileName()
                + " invalid, so nothing was committed");
    if (!common.json()) {
      common
          .out()
          .println(
              "reverting "
                  + shortHash
                  + ", which the agent rolled back and quarantined"
                  + (q.reason() == null ? "" : ": " + q.reason()));
    }
    return s.commitAndPush(
        undone.get(),
        "mcp: rollback " + service + ": revert quarantined " + shortHash,
        ChangeSession.nodes(before, after));
  }

  private int rollbackTo(ChangeSession s, String current, Optional<ServiceSpec> before, String to) {
    String hash = s.repo.resolve(to, service);
    String shortHash = s.repo.shortHash(hash);
    String text =
        s.repo
            .show(hash, service)
            .orElseThrow(
                () ->
                    new CliException(
                        s.fileName()
                            + " did not exist at "
                            + shortHash
                            + "; its commits are listed by git -C "
                            + s.repo.dir()
                            + " log --oneline -- "
                            + s.fileName()));
    if (text.equals(current)) {
      return s.nothingToDo(
          s.fileName() + " is the same as at " + shortHash + "; nothing to roll back");
    }
    ServiceSpec after =
        s.requireValid(
            text,
            s.fileName()
                + " as it was at "
                + shortHash
                + " is not valid today, so nothing was committed");
    return s.commitAndPush(
        text, "mcp: rollback " + service + " to " + shortHash, ChangeSession.nodes(before, after));
  }

  private int revertLast(ChangeSession s, Optional<ServiceSpec> before) {
    ServicesRepo repo = s.repo;
    ServicesRepo.LastChange last =
        repo.lastChange(service)
            .orElseThrow(
                () ->
                    new CliException(
                        "no commit has changed " + s.fileName() + "; nothing to roll back"));
    String shortHash = repo.shortHash(last.hash());
    String what = shortHash + " (" + last.subject() + ")";
    if (last.parents().size() > 1) {
      throw new CliException(
          "the last change to "
              + s.fileName()
              + " is the merge "
              + what
              + "; choose the state to go back to with mcp rollback "
              + service
              + " --to COMMIT");
    }
    Optional<String> previous =
        last.parents().isEmpty() ? Optional.empty() : repo.show(last.hash() + "~1", service);
    if (previous.isEmpty()) {
      throw new CliException(
          "the last change to "
              + s.fileName()
              + ", "
              + what
              + ", created it; rolling it back would remove the service, so mcp does not: to"
              + " remove it, git -C "
              + repo.dir()
              + " rm "
              + s.fileName()
              + ", commit and push");
    }
    List<String> others =
        repo.changedFiles(last.hash()).stream().filter(f -> !f.equals(s.fileName())).toList();
    if (!others.isEmpty()) {
      throw new CliException(
          "the last change to "
              + s.fileName()
              + ", "
              + what
              + ", also changes "
              + String.join(", ", others)
              + "; roll back only this service with mcp rollback "
              + service
              + " --to "
              + shortHash
              + "~1, or revert it all with git -C "
              + repo.dir()
              + " revert "
              + shortHash);
    }
    ServiceSpec after =
        s.requireValid(
            previous.get(),
            "reverting "
                + what
                + " would make "
                + s.fileName()
                + " invalid, so nothing was committed");
    if (repo.hasStagedChanges()) {
      throw new CliException(
          "changes are staged in "
              + repo.dir()
              + " and git revert needs a clean index; commit them or unstage them (git -C "
              + repo.dir()
              + " restore --staged .) first; nothing was changed");
    }
    s.checkAgents(ChangeSession.nodes(before, after));
    Commit c = repo.revert(last.hash());
    if (!repo.read(service).equals(previous.get())) {
      throw new CliException(
          "after git revert, "
              + s.fileName()
              + " is not as it was before "
              + shortHash
              + "; check git -C "
              + repo.dir()
              + " show HEAD (not pushed)");
    }
    if (!common.json()) {
      common.out().println("reverted " + what);
    }
    return s.pushAndSync(c, ChangeSession.nodes(before, after));
  }
}
