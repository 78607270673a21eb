package net.metacircular.mcp.cli.act;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import net.metacircular.mcp.cli.AfterPush;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.PushedChange;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.ConditionText;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.RolloutText;
import net.metacircular.mcp.cli.agent.SuspensionText;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.cli.repo.Git;
import net.metacircular.mcp.schema.DeployMode;
import net.metacircular.mcp.schema.RolloutSpec;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.ValidationPolicy;
import net.metacircular.mcp.schema.api.ComponentStatus;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;
import net.metacircular.mcp.schema.status.ConditionKind;

/**
 * After {@code stop}, {@code start}, {@code service edit} and {@code rollback} pushed a commit:
 * asks the service's node(s) to sync now, then polls their status until the change has converged,
 * or {@code --timeout} passes (exit 3 with the reason).
 *
 * <p>Converged means, on every node concerned: the node has applied the pushed commit or a later
 * one (a descendant of it in services_dir), and the service's components are in the desired state —
 * on its node, each declared component running (active) or stopped (inactive), without drift, not
 * out of sync (for {@code deploy = "auto"}), health not starting or unhealthy, leftovers gone; on a
 * node it moved away from (or when its file was deleted), no container of it left.
 */
public final class Converge implements AfterPush {

  /** How long past a soak's announced end the wait goes on for the agent to give its verdict. */
  private static final Duration SOAK_VERDICT = Duration.ofSeconds(30);

  private final Duration poll;

  public Converge() {
    this(Duration.ofMillis(500));
  }

  public Converge(Duration poll) {
    this.poll = poll;
  }

  /**
   * What the pushed commit says of the service: its node, whether it is active, and whether a
   * failed health gate or soak is rolled back ({@code on_failure = "rollback"}, the default).
   */
  record Desired(Optional<String> node, boolean active, boolean manual, boolean rollback) {}

  /**
   * One node's state against the change.
   *
   * @param behind the node has not applied the pushed commit yet (it is asked to sync again)
   * @param failed the agent reports a component of the service failed, its rollout failed or was
   *     rolled back, or the service is suspended: waiting longer is no use
   * @param suspended the failure is a suspension (the agent leaves the service alone)
   * @param soakUntil when the health gate or soak being waited for ends (the wait goes on until
   *     then even past {@code --timeout}); null when none
   * @param rollingBack the failure is a health gate's or soak's that the agent rolls back next: the
   *     wait looks a little longer for the rollback's outcome
   */
  record Verdict(
      String node,
      boolean done,
      String detail,
      boolean behind,
      boolean failed,
      boolean suspended,
      Instant soakUntil,
      boolean rollingBack) {
    Verdict(String node, boolean done, String detail) {
      this(node, done, detail, false, false, false, null, false);
    }

    Verdict(String node, boolean done, String detail, boolean behind, boolean failed) {
      this(node, done, detail, behind, failed, false, null, false);
    }
  }

  /** A read token, or one refused, stops the change before it is committed. */
  @Override
  public void beforeCommit(Collection<String> nodes, CommonOptions common) {
    TokenCheck.require(nodes, common);
  }

  @Override
  public int afterPush(PushedChange change, CommonOptions common) throws Exception {
    // A node whose connection times out is found out within --unreachable-after, not --timeout.
    Duration giveUp = change.unreachableAfter();
    Duration connect = common.timeout().compareTo(giveUp) < 0 ? common.timeout() : giveUp;
    Agents agents = new Agents(common.config(), common.timeout(), connect);
    Git git = new Git(change.servicesDir(), common.env().vars());
    Desired desired = desired(git, change);
    List<Node> nodes = new ArrayList<>();
    for (String name : change.nodes()) {
      Optional<Node> n = agents.config().node(name);
      if (n.isPresent()) {
        nodes.add(n.get());
      } else {
        common
            .err()
            .println(
                "mcp: note: node "
                    + name
                    + " is not in "
                    + agents.config().file()
                    + ", so mcp cannot ask it to sync or wait for it; its agent applies "
                    + change.shortCommit()
                    + " at its next poll");
      }
    }
    if (nodes.isEmpty()) {
      return ExitCodes.OK;
    }
    Instant deadline = Instant.now().plus(common.timeout());
    boolean terminal = !common.json() && common.env().stdoutIsTerminal();
    var out = common.out();
    if (!common.json()) {
      out.println(
          "syncing "
              + String.join(", ", nodes.stream().map(Node::name).toList())
              + " and waiting for "
              + change.service()
              + " to converge (up to "
              + Fmt.duration(common.timeout().toSeconds())
              + ")");
      out.flush();
    }
    Map<String, Instant> downSince = new HashMap<>();
    Map<String, Verdict> gaveUp = new HashMap<>();
    Instant asked = Instant.now();
    List<NodeResult<ReconcileResponse>> synced =
        agents.each(nodes, c -> c.post("/v1/sync?wait=true", null, ReconcileResponse.class));
    rethrowAuth(synced);
    for (NodeResult<ReconcileResponse> r : synced) {
      if (unreachable(r)) {
        downSince.put(r.node().name(), asked);
      }
    }
    List<Verdict> verdicts;
    String last = "";
    Instant rollingBackSince = null;
    while (true) {
      List<Node> polled = nodes.stream().filter(n -> !gaveUp.containsKey(n.name())).toList();
      asked = Instant.now();
      List<NodeResult<StatusResponse>> status =
          agents.each(polled, c -> c.get("/v1/status", StatusResponse.class));
      rethrowAuth(status);
      Instant now = Instant.now();
      for (NodeResult<StatusResponse> r : status) {
        String name = r.node().name();
        if (!unreachable(r)) {
          downSince.remove(name);
          continue;
        }
        Instant since = downSince.computeIfAbsent(name, k -> now);
        if (Duration.between(since, now).compareTo(giveUp) >= 0) {
          gaveUp.put(
              name,
              new Verdict(
                  name,
                  false,
                  "unreachable for "
                      + Fmt.duration(Duration.between(since, now).toSeconds())
                      + " ("
                      + r.node().address()
                      + "); its agent applies "
                      + change.shortCommit()
                      + " when it runs again"));
        }
      }
      verdicts = new ArrayList<>();
      int i = 0;
      for (Node n : nodes) {
        verdicts.add(
            gaveUp.containsKey(n.name())
                ? gaveUp.get(n.name())
                : judge(status.get(i++), change, desired, git));
      }
      boolean done = verdicts.stream().allMatch(Verdict::done);
      boolean failed = verdicts.stream().anyMatch(Verdict::failed);
      boolean settled = verdicts.stream().allMatch(v -> v.done() || gaveUp.containsKey(v.node()));
      String line = line(verdicts);
      if (!common.json()) {
        if (terminal) {
          out.print("\r\u001b[K" + line);
        } else if (!withoutTimeLeft(line).equals(withoutTimeLeft(last))) {
          out.println(line); // a log or a pipe gets a line per change, not one per second's count
        }
        out.flush();
      }
      last = line;
      if (done) {
        break;
      }
      if (failed && !waitForRollback(verdicts)) {
        if (terminal) {
          out.println();
        }
        return report(common, change, false, verdicts);
      }
      if (failed) {
        // The agent said the gate or soak failed and rolls back next: look a little longer for
        // the rollback's outcome, so the wait ends on it rather than on the failure alone.
        rollingBackSince = rollingBackSince == null ? now : rollingBackSince;
        if (Instant.now().plus(poll).isAfter(rollingBackSince.plus(RolloutText.ROLLBACK_OUTCOME))) {
          if (terminal) {
            out.println();
          }
          return report(common, change, false, stillRollingBack(verdicts));
        }
      }
      if (settled) {
        if (terminal) {
          out.println();
        }
        return unreachableReport(common, change, verdicts, gaveUp);
      }
      // (While a rollback's outcome is looked for, its own bound above holds, not --timeout.)
      if (!failed && Instant.now().plus(poll).isAfter(soakDeadline(deadline, verdicts))) {
        if (terminal) {
          out.println();
        }
        return report(common, change, false, verdicts);
      }
      Thread.sleep(poll.toMillis());
      // A node that has not fetched the commit yet (a fetch failed, a race): ask again.
      List<Node> behind = new ArrayList<>();
      for (int j = 0; j < nodes.size(); j++) {
        if (!gaveUp.containsKey(nodes.get(j).name()) && verdicts.get(j).behind()) {
          behind.add(nodes.get(j));
        }
      }
      if (!behind.isEmpty()) {
        agents.each(behind, c -> c.post("/v1/sync?wait=false", null, Void.class));
      }
    }
    if (terminal) {
      out.println();
    }
    return report(common, change, true, verdicts);
  }

  /** Every node that failed is rolling back: its outcome is worth a few more looks. */
  private static boolean waitForRollback(List<Verdict> verdicts) {
    return verdicts.stream().filter(Verdict::failed).allMatch(Verdict::rollingBack);
  }

  private static List<Verdict> stillRollingBack(List<Verdict> verdicts) {
    return verdicts.stream()
        .map(
            v ->
                v.rollingBack()
                    ? new Verdict(
                        v.node(),
                        false,
                        RolloutText.stillRollingBack(v.detail()),
                        false,
                        true,
                        false,
                        null,
                        true)
                    : v)
        .toList();
  }

  /**
   * {@code --timeout} bounds the wait for the change to be applied; a soak the agent announced is
   * waited through to its end (and a little more, for the agent's verdict), whatever its length.
   */
  private static Instant soakDeadline(Instant deadline, List<Verdict> verdicts) {
    Instant end = deadline;
    for (Verdict v : verdicts) {
      if (v.soakUntil() != null && v.soakUntil().plus(SOAK_VERDICT).isAfter(end)) {
        end = v.soakUntil().plus(SOAK_VERDICT);
      }
    }
    return end;
  }

  private static int report(
      CommonOptions common, PushedChange change, boolean converged, List<Verdict> verdicts) {
    if (common.json()) {
      json(common, change, converged, verdicts);
    } else if (converged) {
      common
          .out()
          .println(
              common.style().green("converged")
                  + ": "
                  + change.service()
                  + " at "
                  + change.shortCommit());
      common.out().flush();
    }
    if (converged) {
      return ExitCodes.OK;
    }
    StringBuilder why = new StringBuilder();
    for (Verdict v : verdicts) {
      if (!v.done()) {
        why.append(why.isEmpty() ? "" : "; ").append(v.node()).append(": ").append(v.detail());
      }
    }
    boolean failed = verdicts.stream().anyMatch(Verdict::failed);
    boolean suspended = verdicts.stream().filter(Verdict::failed).allMatch(Verdict::suspended);
    common
        .err()
        .println(
            "mcp: "
                + change.service()
                + (failed && suspended
                    ? " is suspended, so its agent leaves it alone: "
                    : failed
                        ? " failed: "
                        : " did not converge within "
                            + Fmt.duration(common.timeout().toSeconds())
                            + " (--timeout): ")
                + why
                + "; the commit "
                + change.shortCommit()
                + " is pushed and the agent goes on: see mcp status "
                + change.service()
                + " and mcp events "
                + change.service());
    common.err().flush();
    return ExitCodes.NOT_CONVERGED;
  }

  private static void json(
      CommonOptions common, PushedChange change, boolean converged, List<Verdict> verdicts) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", change.service());
    m.put("commit", change.commit());
    m.put("converged", converged);
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Verdict v : verdicts) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("node", v.node());
      n.put("converged", v.done());
      n.put("detail", v.detail());
      nodes.add(n);
    }
    m.put("nodes", nodes);
    common.out().println(Output.json(m));
    common.out().flush();
  }

  private static boolean unreachable(NodeResult<?> r) {
    return !r.ok() && r.error() instanceof AgentException a && a.unreachable();
  }

  /**
   * Every node either converged or stayed unreachable past {@code --unreachable-after}: the commit
   * is pushed, the silent nodes apply it when their agents run again; exit 3.
   */
  private static int unreachableReport(
      CommonOptions common,
      PushedChange change,
      List<Verdict> verdicts,
      Map<String, Verdict> gaveUp) {
    if (common.json()) {
      json(common, change, false, verdicts);
    }
    List<String> names = verdicts.stream().map(Verdict::node).filter(gaveUp::containsKey).toList();
    StringBuilder why = new StringBuilder();
    for (String n : names) {
      why.append(why.isEmpty() ? "" : "; ").append(n).append(": ").append(gaveUp.get(n).detail());
    }
    common
        .err()
        .println(
            "mcp: stopped waiting for "
                + String.join(", ", names)
                + ", unreachable for "
                + Fmt.duration(change.unreachableAfter().toSeconds())
                + " or more ("
                + why
                + "); the commit "
                + change.shortCommit()
                + " is pushed to "
                + change.upstream()
                + " and is applied when the node's agent runs again: check with mcp status "
                + change.service()
                + " once it is back");
    common.err().flush();
    return ExitCodes.ERROR;
  }

  private static void rethrowAuth(List<? extends NodeResult<?>> results) {
    for (NodeResult<?> r : results) {
      if (!r.ok() && r.error().exitCode() == ExitCodes.AUTH) {
        throw r.error();
      }
    }
  }

  private static String line(List<Verdict> verdicts) {
    List<String> parts = new ArrayList<>();
    for (Verdict v : verdicts) {
      parts.add(v.node() + ": " + v.detail());
    }
    return String.join(" | ", parts);
  }

  /**
   * What the pushed commit's file says, read by schema's parser as the agent reads it; no file (the
   * service was deleted) or one the parser refuses is no node: nothing of it should run anywhere.
   * Host paths and networks are not checked here: the node's own policy decides those (a volume
   * under a services_root other than /srv is no reason to think the service runs nowhere).
   */
  static Desired desired(Git git, PushedChange change) {
    String file = change.service() + ".toml";
    Git.Result r = git.run("show", change.commit() + ":./" + file);
    if (!r.ok()) {
      return new Desired(Optional.empty(), false, false, true);
    }
    Optional<ServiceSpec> spec =
        new ServiceParser(ValidationPolicy.HOST_UNCHECKED).parse(file, r.out()).validSpec();
    return new Desired(
        spec.map(ServiceSpec::node),
        spec.map(ServiceSpec::active).orElse(false),
        spec.map(s -> s.deploy() == DeployMode.MANUAL).orElse(false),
        spec.map(s -> s.rollout().onFailure() == RolloutSpec.OnFailure.ROLLBACK).orElse(true));
  }

  static Verdict judge(
      NodeResult<StatusResponse> r, PushedChange change, Desired desired, Git git) {
    String node = r.node().name();
    if (!r.ok()) {
      CliException e = r.error();
      return new Verdict(
          node,
          false,
          e instanceof AgentException a && a.unreachable()
              ? "unreachable (" + r.node().address() + ")"
              : e.getMessage());
    }
    StatusResponse s = r.value();
    Instant at = s.at() == null ? Instant.now() : s.at();
    Optional<ServiceStatus> svc =
        s.services().stream().filter(x -> x.name().equals(change.service())).findFirst();
    if (svc.isPresent() && svc.get().suspended() != null) {
      // Left alone by the agent until someone resumes it: waiting would only run out --timeout.
      return new Verdict(
          node,
          false,
          SuspensionText.note(change.service(), svc.get().suspended(), at)
              + "; the commit is applied once someone runs mcp resume "
              + change.service(),
          false,
          true,
          true,
          null,
          false);
    }
    String applied = s.source() == null ? null : s.source().appliedCommit();
    boolean atCommit =
        applied != null
            && (applied.equals(change.commit())
                || git.run("merge-base", "--is-ancestor", change.commit(), applied).ok());
    if (!atCommit) {
      String err =
          s.source() != null && s.source().error() != null
              ? "; source error: " + s.source().error()
              : "";
      return new Verdict(
          node,
          false,
          "at " + Fmt.commit(applied) + ", waiting for commit " + change.shortCommit() + err,
          true,
          false);
    }
    boolean here = desired.node().map(node::equals).orElse(false);
    if (!here) {
      List<String> left =
          svc.map(
                  x ->
                      x.components().stream()
                          .filter(c -> c.observedState() != null && c.managed())
                          .map(ComponentStatus::container)
                          .toList())
              .orElse(List.of());
      return left.isEmpty()
          ? new Verdict(node, true, "no " + change.service() + " here, as desired")
          : new Verdict(node, false, "still has " + String.join(", ", left));
    }
    if (svc.isEmpty()) {
      return new Verdict(node, false, change.service() + " not there yet");
    }
    ServiceStatus ss = svc.get();
    Predicate<String> reached =
        h ->
            h.equals(change.commit())
                || git.run("merge-base", "--is-ancestor", change.commit(), h).ok();
    Optional<RolloutText.Step> rollout =
        RolloutText.step(ss.rollout(), reached, change.soakWait(), desired.rollback(), at);
    if (rollout.isPresent()
        && rollout.get().failed()
        && (rollout.get().rollingBack() || "rolled_back".equals(ss.rollout().phase()))) {
      // The rollback's verdict tells it all (its reason names the component and the evidence);
      // the components' conditions (exited, quarantined) would say it again.
      return new Verdict(
          node, false, rollout.get().text(), false, true, false, null, rollout.get().rollingBack());
    }
    List<String> pending = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    if (ss.error() != null) {
      pending.add("error: " + ss.error());
    }
    for (ComponentStatus c : ss.components()) {
      if (ends(c, reached)) {
        failures.add(c.name() + " " + ConditionText.of(c, at));
      } else if (!c.converged()) {
        pending.add(c.name() + " " + notYet(c));
      }
    }
    if (rollout.isPresent() && rollout.get().failed()) {
      failures.add(0, rollout.get().text());
    }
    if (!failures.isEmpty()) {
      return new Verdict(node, false, String.join(", ", failures), false, true);
    }
    if (pending.isEmpty() && rollout.isPresent()) {
      // Applied; the agent watches it for its soak: done only on the agent's verdict.
      return new Verdict(
          node,
          false,
          change.service() + " " + rollout.get().text(),
          false,
          false,
          false,
          rollout.get().until(),
          false);
    }
    if (pending.isEmpty()) {
      String state = desired.active() ? "running" : "stopped";
      return new Verdict(
          node,
          true,
          change.service()
              + " "
              + state
              + " at "
              + Fmt.commit(applied)
              + (desired.manual()
                  ? " (deploy = manual: mcp deploy " + change.service() + " applies image changes)"
                  : ""));
    }
    return new Verdict(node, false, String.join(", ", pending));
  }

  /**
   * A component whose condition ends the wait: failed or crash-looping (the agent reports it after
   * applying the commit waited for), unhealthy, or quarantined for the commit waited for or a later
   * one (a quarantine of an older commit is lifted by the change, so it is waited past).
   */
  static boolean ends(ComponentStatus c, Predicate<String> reached) {
    if (c.kind().orElse(null) == ConditionKind.QUARANTINED) {
      return c.conditionCommit() == null || reached.test(c.conditionCommit());
    }
    return c.failed() || c.kind().orElse(null) == ConditionKind.UNHEALTHY;
  }

  /** Why a component is not converged yet, from the agent's typed status. */
  private static String notYet(ComponentStatus c) {
    if (c.desiredImage() == null) {
      return "still there (removed from the file)";
    }
    if (c.conflict() || c.drift()) {
      String word = c.conflict() ? "conflict" : "drift";
      String detail =
          c.conditionDetail() != null && !c.conditionDetail().isEmpty()
              ? c.conditionDetail()
              : c.condition();
      return word + (detail == null ? "" : " (" + detail + ")");
    }
    boolean running = "running".equals(c.observedState());
    if (!c.desiredRunning()) {
      return "running (want stopped)";
    }
    if (!running) {
      return Fmt.orDash(c.observedState()) + " (want running)";
    }
    if ("starting".equals(c.health()) || "unhealthy".equals(c.health())) {
      return c.health();
    }
    return "not at the desired spec yet";
  }

  /** A progress line without its countdown ({@code soaking (1m12s left)} → {@code soaking}). */
  static String withoutTimeLeft(String line) {
    return TIME_LEFT.matcher(line).replaceAll("");
  }

  private static final java.util.regex.Pattern TIME_LEFT =
      java.util.regex.Pattern.compile("(,\\s*|\\s*\\()[0-9hms]+ left\\)?");
}
