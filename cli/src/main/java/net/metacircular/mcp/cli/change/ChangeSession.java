package net.metacircular.mcp.cli.change;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.PushOptions;
import net.metacircular.mcp.cli.PushedChange;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.KnownNodes;
import net.metacircular.mcp.cli.output.Json;
import net.metacircular.mcp.cli.policy.Checked;
import net.metacircular.mcp.cli.policy.NodePolicy;
import net.metacircular.mcp.cli.policy.Policies;
import net.metacircular.mcp.cli.repo.Commit;
import net.metacircular.mcp.cli.repo.PushResult;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.cli.repo.Upstream;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecError;

/**
 * One change to one service's desired state: the checks that run before anything is written
 * (service exists, file clean, on a branch, an upstream unless {@code --no-push}), validation, the
 * commit, the push, and the {@link net.metacircular.mcp.cli.AfterPush} hook.
 */
final class ChangeSession {
  final CommonOptions common;
  final boolean noPush;
  private final Duration unreachableAfter;
  private final boolean soakWait;
  final String service;
  final ServicesRepo repo;
  private final CliConfig config;
  private final Upstream upstream;
  private final Set<String> checked = new HashSet<>();
  private final Policies policies;
  private final Set<String> said = new HashSet<>();
  private NodePolicy lastPolicy;

  private ChangeSession(CommonOptions common, PushOptions push, String service) {
    this.common = common;
    this.noPush = push.noPush();
    this.unreachableAfter = push.unreachableAfter();
    this.soakWait = push.soakWait();
    if (unreachableAfter.isNegative() || unreachableAfter.isZero()) {
      throw new CliException(
          "--unreachable-after must be longer than 0, e.g. 10s or 1m", ExitCodes.USAGE);
    }
    this.service = service;
    ServicesRepo.requireName(service);
    this.config = common.config();
    this.repo = ServicesRepo.open(config.servicesDir(), config.file(), common.env().vars());
    String branch = repo.requireOnBranch();
    this.upstream = noPush ? null : repo.requireUpstream(branch);
    this.policies = Policies.of(common, Optional.of(config), Optional.empty());
  }

  static ChangeSession open(CommonOptions common, PushOptions push, String service) {
    return new ChangeSession(common, push, service);
  }

  String fileName() {
    return ServicesRepo.fileName(service);
  }

  /** The service's current text, refused if missing or with uncommitted changes. */
  String currentText() {
    String text = repo.read(service);
    repo.requireClean(service);
    return text;
  }

  /**
   * The agent's checks, with the policy of the node the text names (notes on stderr when that is
   * not the node's live policy), and that the node is one of mcp.toml's (when it lists any).
   */
  ParseResult parse(String text) {
    Checked c = policies.check(fileName(), text);
    lastPolicy = c.policy();
    List<String> notes = new ArrayList<>(c.notes());
    notes.addAll(policies.problems());
    for (String n : notes) {
      if (said.add(n)) {
        common.err().println("mcp: note: " + n);
      }
    }
    common.err().flush();
    return KnownNodes.check(c.result(), text, config);
  }

  /**
   * {@code (checked against node rift's live policy (…))}: the policy the last {@link #parse}
   * checked against, for messages; empty when the file's node is unknown (refused for that).
   */
  String checkedAgainst() {
    return lastPolicy == null || !lastPolicy.nodeKnown()
        ? ""
        : " (checked against " + lastPolicy.describeWithReason() + ")";
  }

  /** The spec of a text that must be valid; else an error listing every problem. */
  ServiceSpec requireValid(String text, String why) {
    ParseResult r = parse(text);
    if (r.isValid()) {
      return r.orElseThrow();
    }
    throw new CliException(why + checkedAgainst() + ":\n" + errors(r.errors()));
  }

  static String errors(List<SpecError> errors) {
    StringBuilder b = new StringBuilder();
    for (SpecError e : errors) {
      if (!b.isEmpty()) {
        b.append('\n');
      }
      b.append("  ").append(e);
    }
    return b.toString();
  }

  /** Says there is nothing to do; exit 0. */
  int nothingToDo(String message) {
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("service", service);
      m.put("changed", false);
      m.put("message", message);
      common.out().println(Json.write(m));
    } else {
      common.out().println(message);
    }
    return ExitCodes.OK;
  }

  /**
   * Before committing: has the hook check that the agents of these nodes will take the sync (e.g.
   * that the token is not read-only), each node once; nothing with {@code --no-push}.
   */
  void checkAgents(Set<String> nodes) {
    if (noPush) {
      return;
    }
    List<String> todo = nodes.stream().filter(n -> !checked.contains(n)).toList();
    if (!todo.isEmpty()) {
      common.afterPush().beforeCommit(todo, common);
      checked.addAll(todo);
    }
  }

  /** Commits the new text of the service's file, then pushes and runs the hook. */
  int commitAndPush(String text, String message, Set<String> nodes) {
    checkAgents(nodes);
    Commit c = repo.commit(service, text, message);
    return pushAndSync(c, nodes);
  }

  /**
   * Commits one other file of the service (a secret, {@code path} relative to the clone), or its
   * removal with no content, then pushes and runs the hook.
   */
  int commitFileAndPush(String path, Optional<byte[]> content, String message, Set<String> nodes) {
    checkAgents(nodes);
    Commit c = repo.commitFile(path, content, message);
    return pushAndSync(c, nodes);
  }

  CliConfig config() {
    return config;
  }

  /** Pushes a commit already made, then runs the hook. */
  int pushAndSync(Commit c, Set<String> nodes) {
    if (!common.json()) {
      common.out().println("committed " + c.shortHash() + " " + c.subject());
    }
    if (noPush) {
      report(c, false);
      if (!common.json()) {
        common
            .out()
            .println(
                "not pushed (--no-push): no agent applies it until you push (git -C "
                    + repo.dir()
                    + " push)");
      }
      return ExitCodes.OK;
    }
    PushResult pushed = repo.push(upstream);
    String kept =
        "your commit "
            + c.shortHash()
            + " ("
            + c.subject()
            + ") is kept in "
            + repo.dir()
            + " and nothing was forced";
    switch (pushed.status()) {
      case PUSHED -> {}
      case REMOTE_MOVED ->
          throw new CliException(
              "push rejected: "
                  + upstream.display()
                  + " has commits that your clone does not; "
                  + kept
                  + "; run git -C "
                  + repo.dir()
                  + " pull --rebase, then git -C "
                  + repo.dir()
                  + " push");
      case REFUSED ->
          throw new CliException(
              "the server refused the push to "
                  + upstream.display()
                  + ": "
                  + pushed.detail()
                  + "; "
                  + kept);
      case FAILED ->
          throw new CliException(
              "the push to "
                  + upstream.display()
                  + " failed: "
                  + pushed.detail()
                  + "; "
                  + kept
                  + "; push it with git -C "
                  + repo.dir()
                  + " push once that is fixed");
    }
    report(c, true);
    if (!common.json()) {
      common.out().println("pushed " + c.shortHash() + " to " + upstream.display());
    }
    PushedChange change =
        new PushedChange(
            service,
            List.copyOf(nodes),
            c.hash(),
            c.shortHash(),
            c.subject(),
            upstream.display(),
            repo.dir(),
            unreachableAfter,
            soakWait);
    try {
      return common.afterPush().afterPush(change, common);
    } catch (CliException e) {
      if (e.exitCode() == ExitCodes.AUTH) {
        throw alreadyPushed(c, e);
      }
      throw e;
    } catch (Exception e) {
      throw new CliException(
          "pushed " + c.shortHash() + ", but syncing the agents failed: " + e.getMessage(), e);
    }
  }

  /** An agent refused the sync after the push: the commit is out there all the same. */
  private CliException alreadyPushed(Commit c, CliException refusal) {
    return new CliException(
        "the commit "
            + c.shortHash()
            + " ("
            + c.subject()
            + ") is already pushed to "
            + upstream.display()
            + " and the agent applies it at its next poll, but it could not be synced now: "
            + refusal.getMessage()
            + ". To undo it: mcp rollback "
            + service
            + " (with an admin token), or git -C "
            + repo.dir()
            + " revert --no-edit "
            + c.shortHash()
            + " and git -C "
            + repo.dir()
            + " push",
        refusal.exitCode());
  }

  private void report(Commit c, boolean pushed) {
    if (!common.json()) {
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service);
    m.put("changed", true);
    m.put("commit", c.hash());
    m.put("subject", c.subject());
    m.put("pushed", pushed);
    m.put("upstream", pushed ? upstream.display() : null);
    common.out().println(Json.write(m));
  }

  /** The nodes whose agents must hear of the change: before (if known) and after. */
  static Set<String> nodes(Optional<ServiceSpec> before, ServiceSpec after) {
    Set<String> nodes = new LinkedHashSet<>();
    before.ifPresent(s -> nodes.add(s.node()));
    nodes.add(after.node());
    return nodes;
  }
}
