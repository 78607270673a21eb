package net.metacircular.mcp.cli.read;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.ConditionText;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.RolloutText;
import net.metacircular.mcp.cli.agent.ServiceLocator;
import net.metacircular.mcp.cli.agent.SuspensionText;
import net.metacircular.mcp.cli.output.Style;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.api.ComponentStatus;
import net.metacircular.mcp.schema.api.EventInfo;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp status [SERVICE] [--check]}. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "The full picture from every node at once: the source (commit, last sync, errors), each"
          + " service and component desired vs observed, drift, out-of-sync, health, recent"
          + " events; a last line \"healthy\" or \"N problems\".",
    })
public final class StatusCommand implements Callable<Integer> {
  /** Events shown per node in the human view. */
  static final int EVENTS_SHOWN = 5;

  @Mixin CommonOptions common;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this one.")
  String service;

  @Option(
      names = "--check",
      description =
          "Exit 3 when anything drifted, is out of sync, failed, crash-loops, is unhealthy,"
              + " quarantined, rolled back, suspended or in error (for scripts).")
  boolean check;

  /** The command with options parsed elsewhere (the CLI's fast path, without picocli's model). */
  public static StatusCommand of(CommonOptions common, String service, boolean check) {
    StatusCommand c = new StatusCommand();
    c.common = common;
    c.service = service;
    c.check = check;
    return c;
  }

  @Override
  public Integer call() {
    if (service != null) {
      ServicesRepo.requireName(service);
    }
    Agents agents = Agents.of(common);
    String path = "/v1/status" + (service == null ? "" : "?service=" + service);
    List<NodeResult<StatusResponse>> all = agents.all(c -> c.get(path, StatusResponse.class));
    List<NodeResult<StatusResponse>> shown = new ArrayList<>();
    List<NodeResult<StatusResponse>> failed = new ArrayList<>();
    for (NodeResult<StatusResponse> r : all) {
      if (r.ok()) {
        shown.add(r);
      } else if (service != null && r.error() instanceof AgentException a && a.notFound()) {
        continue; // that node does not run it
      } else {
        failed.add(r);
        shown.add(r);
      }
    }
    if (service != null && shown.isEmpty()) {
      throw new CliException(
          "no node runs a service "
              + service
              + " (asked "
              + String.join(", ", all.stream().map(r -> r.node().name()).toList())
              + "; "
              + ServiceLocator.fileNote(agents, service)
              + ")");
    }
    int problems = failed.size();
    for (NodeResult<StatusResponse> r : shown) {
      if (r.ok()) {
        problems += problems(r.value());
      }
    }
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("healthy", problems == 0);
      m.put("problems", problems);
      m.put("nodes", shown.stream().map(r -> Output.nodeJson(r, "status")).toList());
      common.out().println(Output.json(m));
      common.out().flush();
    } else {
      print(shown, problems);
    }
    int nodeExit = Output.failures(common, failed);
    if (nodeExit == ExitCodes.AUTH) {
      return nodeExit;
    }
    if (check && problems > 0) {
      return ExitCodes.NOT_CONVERGED;
    }
    return nodeExit;
  }

  /** Drift, out-of-sync, unhealthy components, conflicts and errors of one node's answer. */
  public static int problems(StatusResponse s) {
    int n = 0;
    if (s.source() != null && s.source().error() != null) {
      n++;
    }
    if (s.lastReconcileError() != null) {
      n++;
    }
    for (ServiceStatus svc : s.services()) {
      if (svc.error() != null || svc.suspended() != null) {
        n++;
      }
      if (rolloutProblem(svc)) {
        n++; // rolled back or failed: not running what its file says
      }
      for (ComponentStatus c : svc.components()) {
        if (componentProblem(c)) {
          n++;
        }
      }
    }
    return n;
  }

  /**
   * A rollout that failed or was rolled back, unless a component already says the same failure: a
   * deploy that failed at podman or at its health gate is the component's {@code failed}, and one
   * problem told three times (the cycle, the rollout, the component) is noise at 3 AM. A rollback
   * is always told: the components look fine then, running the last healthy spec.
   */
  static boolean rolloutProblem(ServiceStatus svc) {
    if (!RolloutText.failed(svc.rollout())) {
      return false;
    }
    return "rolled_back".equals(svc.rollout().phase())
        || svc.components().stream().noneMatch(StatusCommand::componentProblem);
  }

  static boolean componentProblem(ComponentStatus c) {
    return c.failed() || c.drift() || c.outOfSync() || c.unhealthy() || c.conflict();
  }

  private void print(List<NodeResult<StatusResponse>> shown, int problems) {
    Style style = common.style();
    var out = common.out();
    Table nodes = new Table("NODE", "ADDRESS", "COMMIT", "LAST SYNC", "SOURCE");
    List<String> notes = new ArrayList<>();
    for (NodeResult<StatusResponse> r : shown) {
      if (!r.ok()) {
        nodes.row(r.node().name(), r.node().address(), "-", "-", style.red(Output.failure(r)));
        continue;
      }
      StatusResponse s = r.value();
      Instant now = s.at() == null ? Instant.now() : s.at();
      var src = s.source();
      String source = style.green("ok");
      if (src != null && src.failing()) {
        source = style.red(src.errorKind() == null ? "error" : "error (" + src.errorKind() + ")");
        notes.add(
            s.node()
                + ": source "
                + src.location()
                + " failing since "
                + Fmt.ago(src.errorSince(), now)
                + ": "
                + src.error());
      }
      if (s.lastReconcileError() != null) {
        notes.add(s.node() + ": last reconcile failed: " + s.lastReconcileError());
      }
      if (s.driftWatch() != null && s.driftWatch().polling()) {
        notes.add(
            s.node()
                + ": drift is found by polling every "
                + s.driftWatch().driftInterval()
                + " alone (podman's event stream is not followed): "
                + s.driftWatch().reason());
      }
      if (s.notifications() != null && !s.notifications().lastError().isEmpty()) {
        notes.add(
            s.node()
                + ": notifications failing ("
                + s.notifications().failed()
                + " failed attempts, "
                + s.notifications().queued()
                + " queued"
                + (s.notifications().dropped() > 0
                    ? ", " + s.notifications().dropped() + " dropped"
                    : "")
                + "): "
                + s.notifications().lastError());
      }
      nodes.row(
          s.node(),
          r.node().address(),
          src == null ? "-" : Fmt.commit(src.appliedCommit()),
          src == null ? "-" : Fmt.ago(src.lastSuccessAt(), now),
          source);
    }
    out.print(nodes.render(style));

    Table services =
        new Table(
            "NODE", "SERVICE", "COMPONENT", "DESIRED", "OBSERVED", "IMAGE", "HEALTH", "STATE");
    for (NodeResult<StatusResponse> r : shown) {
      if (!r.ok()) {
        continue;
      }
      for (ServiceStatus svc : r.value().services()) {
        if (svc.error() != null) {
          notes.add(svc.name() + ": " + svc.error());
        }
        if (svc.suspended() != null) {
          notes.add(SuspensionText.note(svc.name(), svc.suspended(), r.value().at()));
        }
        if (rolloutProblem(svc)) {
          notes.add(
              svc.name()
                  + ": "
                  + RolloutText.failure(svc.rollout())
                  + (svc.rollout().failedCommit() == null
                      ? ""
                      : " (mcp rollback "
                          + svc.name()
                          + " reverts it in git; mcp deploy "
                          + svc.name()
                          + " --force tries it again)"));
        }
        if (svc.components().isEmpty()) {
          services.row(
              r.value().node(),
              svc.name(),
              "-",
              svc.active() ? "running" : "stopped",
              "-",
              "-",
              "-",
              svc.error() != null ? style.red("error") : style.green("ok"));
        }
        for (ComponentStatus c : svc.components()) {
          if (c.failed()) {
            Instant at = r.value().at() == null ? Instant.now() : r.value().at();
            notes.add(svc.name() + "/" + c.name() + ": " + ConditionText.of(c, at));
          }
          services.row(
              r.value().node(),
              svc.name(),
              c.name(),
              c.desiredImage() == null ? "removed" : c.desiredRunning() ? "running" : "stopped",
              observed(c),
              image(c),
              Fmt.orDash(c.health()),
              state(c, svc, style, r.value().at()));
        }
      }
    }
    out.println();
    if (services.isEmpty()) {
      out.println(service == null ? "no services" : "");
    } else {
      out.print(services.render(style));
    }
    for (String n : notes) {
      out.println(style.red("! ") + n);
    }
    List<String> events = new ArrayList<>();
    for (NodeResult<StatusResponse> r : shown) {
      if (!r.ok()) {
        continue;
      }
      int i = 0;
      for (EventInfo e : r.value().events()) {
        if (i++ == EVENTS_SHOWN) {
          break;
        }
        events.add(
            "  "
                + Fmt.time(e.at())
                + "  "
                + r.value().node()
                + "  "
                + (e.service() == null ? "-" : e.service())
                + (e.component() == null ? "" : "/" + e.component())
                + "  "
                + e.kind()
                + ": "
                + e.message());
      }
    }
    if (!events.isEmpty()) {
      out.println();
      out.println(style.bold("Recent events:"));
      events.forEach(out::println);
    }
    out.println();
    out.println(
        problems == 0
            ? style.green("healthy")
            : style.red(problems + (problems == 1 ? " problem" : " problems")));
    out.flush();
  }

  private static String observed(ComponentStatus c) {
    if (c.observedState() == null) {
      return "none";
    }
    return c.observedState() + (c.managed() ? "" : " (foreign)");
  }

  private static String image(ComponentStatus c) {
    String desired = c.desiredImage();
    String seen = c.observedImage() != null ? c.observedImage() : c.appliedImage();
    if (desired == null) {
      return Fmt.orDash(seen);
    }
    if (seen != null && !seen.equals(desired)) {
      return seen + " → " + desired;
    }
    return desired;
  }

  private static String state(ComponentStatus c, ServiceStatus svc, Style style, Instant at) {
    if (c.conflict()) {
      return style.red("CONFLICT");
    }
    if (c.failed()) {
      return style.red(c.conditionKind().toUpperCase(java.util.Locale.ROOT).replace('_', ' '));
    }
    if (c.drift()) {
      return style.red("DRIFT");
    }
    if (c.outOfSync()) {
      return style.yellow("OUT OF SYNC");
    }
    if (svc.error() != null) {
      return style.yellow("ok (file error)");
    }
    if (RolloutText.inProgress(svc.rollout())) {
      return style.yellow(RolloutText.progress(svc.rollout(), at == null ? Instant.now() : at));
    }
    return style.green("ok");
  }
}
