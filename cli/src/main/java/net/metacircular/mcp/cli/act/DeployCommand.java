package net.metacircular.mcp.cli.act;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.SoakWaitOption;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.ServiceLocator;
import net.metacircular.mcp.cli.read.ServiceRef;
import net.metacircular.mcp.schema.api.ComponentStatus;
import net.metacircular.mcp.schema.api.DeployBody;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.RejectionInfo;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp deploy SERVICE[/COMPONENT] [--force]}. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Apply a service's definition now (all components, or one): pushes pending commits of"
          + " services_dir, has the service's node fetch them, then deploys; for deploy ="
          + " \"manual\" services this is how a change is applied.",
      "deploy metacrypt/web recreates only web; api keeps running.",
      "Then waits through the agent's health gate and soak (--no-soak-wait does not).",
      "Exits 3 if the deploy failed, failed its soak or was rolled back, if the agent refuses a"
          + " quarantined spec without --force or a suspended service, if the agent rejected the"
          + " service's file (its last good spec was deployed instead), or if a container MCP did not create holds a"
          + " component's name (a conflict: the agent leaves it alone).",
    })
public final class DeployCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SERVICE[/COMPONENT]", description = "e.g. metacrypt/web")
  String target;

  @Option(
      names = "--force",
      description =
          "Recreate even when unchanged (pulling the image again); deploys a quarantined spec"
              + " (one that failed its soak) again, lifting its quarantine.")
  boolean force;

  @Mixin SoakWaitOption soak;

  @Override
  public Integer call() {
    ServiceRef ref = ServiceRef.parse(target);
    Agents agents = Agents.of(common);
    Optional<String> pushed = PendingPush.run(common, agents.config());
    try {
      return deploy(ref, agents);
    } catch (CliException e) {
      throw PendingPush.refusedAfterPush(e, pushed);
    }
  }

  private int deploy(ServiceRef ref, Agents agents) {
    AgentClient agent = ServiceLocator.locate(agents, ref.service());
    // The agent deploys what it last fetched: fetch first, so a pushed change is what is deployed.
    ReconcileResponse synced;
    try {
      synced = agent.post("/v1/sync?wait=true", null, ReconcileResponse.class);
      if (synced.fetchError() != null) {
        common
            .err()
            .println(
                "mcp: note: node "
                    + agent.node().name()
                    + " could not fetch ("
                    + synced.fetchError()
                    + "); deploying what it fetched last");
      }
    } catch (AgentException e) {
      if (e.exitCode() == ExitCodes.AUTH || e.unreachable()) {
        throw e;
      }
      common.err().println("mcp: note: the sync before the deploy failed: " + e.getMessage());
    }
    ReconcileResponse r;
    try {
      r =
          agent.post(
              "/v1/services/" + ref.service() + "/deploy?wait=true",
              new DeployBody(ref.component().orElse(null), force),
              ReconcileResponse.class);
    } catch (AgentException e) {
      if ("FAILED_PRECONDITION".equals(e.code())) {
        // The agent answered: the service is held (suspended) or its spec quarantined; the
        // agent's message says how to go on (mcp resume, --force).
        throw new AgentException(e.code(), e.status(), e.getMessage(), ExitCodes.NOT_CONVERGED);
      }
      throw e;
    }
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", agent.node().name());
      m.put("service", ref.service());
      m.put("component", ref.component().orElse(null));
      m.put("deploy", r);
      common.out().println(Output.json(m));
    } else {
      common.out().println("deploy " + ref + " on node " + agent.node().name());
      Actions.print(common.out(), common.style(), agent.node().name(), r);
    }
    common.out().flush();
    if (r.failed()) {
      // The agent's rollout says why (a health gate's output, an exit) and whether it rolled back:
      // its words first; the plain line only when it has none for this deploy.
      if (soak.soakWait()
          && SoakWait.await(common, agent, ref.service(), r.commit()) != ExitCodes.OK) {
        return ExitCodes.NOT_CONVERGED;
      }
      common
          .err()
          .println(
              "mcp: the deploy of "
                  + ref
                  + " failed; see mcp status "
                  + ref.service()
                  + " and mcp events "
                  + ref.service());
      common.err().flush();
      return ExitCodes.NOT_CONVERGED;
    }
    for (RejectionInfo x : r.rejections()) {
      if (x.service().equals(ref.service())) {
        // The deploy went ahead, but not with the file the operator just changed.
        common
            .err()
            .println(
                "mcp: the agent rejected "
                    + x.file()
                    + " ("
                    + String.join("; ", x.errors())
                    + "): "
                    + (x.keptLastGood()
                        ? "what was deployed is "
                            + ref.service()
                            + "'s last good spec, not the file"
                        : "nothing of " + ref.service() + " could be deployed")
                    + "; fix it with mcp service edit "
                    + ref.service()
                    + " (mcp validate says why)");
        common.err().flush();
        return ExitCodes.NOT_CONVERGED;
      }
    }
    int exit = conflicts(ref, agent);
    if (exit != ExitCodes.OK || !soak.soakWait()) {
      return exit;
    }
    return SoakWait.await(common, agent, ref.service(), r.commit());
  }

  /**
   * A foreign container on a component's name is never touched, so the deploy does nothing for it;
   * the agent reports the conflict once, so ask its status rather than the deploy's answer.
   */
  private int conflicts(ServiceRef ref, AgentClient agent) {
    StatusResponse status = agent.get("/v1/status?service=" + ref.service(), StatusResponse.class);
    int exit = ExitCodes.OK;
    for (ServiceStatus s : status.services()) {
      for (ComponentStatus c : s.components()) {
        boolean foreign = c.observedState() != null && !c.managed();
        if (!c.conflict() || ref.component().map(name -> !name.equals(c.name())).orElse(false)) {
          continue;
        }
        String node = agent.node().name();
        common
            .err()
            .println(
                "mcp: conflict: a container named "
                    + c.container()
                    + " on node "
                    + node
                    + (foreign
                        ? " was not created by MCP (no mcp.managed label)"
                        : " belongs to another MCP agent")
                    + ", so the agent leaves it alone and cannot deploy "
                    + s.name()
                    + "/"
                    + c.name()
                    + ". On "
                    + node
                    + ", rename it (podman rename "
                    + c.container()
                    + " "
                    + c.container()
                    + "-old) or remove it (podman rm -f "
                    + c.container()
                    + "), then mcp deploy "
                    + ref);
        exit = ExitCodes.NOT_CONVERGED;
      }
    }
    common.err().flush();
    return exit;
  }
}
