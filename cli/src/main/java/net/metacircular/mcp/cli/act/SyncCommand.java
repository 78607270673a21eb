package net.metacircular.mcp.cli.act;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.SoakWaitOption;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.RolloutText;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mcp sync}. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Push pending commits of services_dir, then have every node fetch and reconcile now; prints"
          + " the commit each applied and what it did.",
      "Exits 1 if a node could not fetch from the git remote, 3 if an action failed or an"
          + " agent rejected a service file (that service goes on with its last good spec).",
      "Then waits through the agent's health gates and soaks of what it deployed (--no-soak-wait"
          + " does not): exits 3 if one failed or was rolled back.",
    })
public final class SyncCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin SoakWaitOption soak;

  @Override
  public Integer call() {
    Agents agents = Agents.of(common);
    agents.nodes();
    Optional<String> pushed = PendingPush.run(common, agents.config());
    List<NodeResult<ReconcileResponse>> all =
        agents.all(c -> c.post("/v1/sync?wait=true", null, ReconcileResponse.class));
    boolean failed = false;
    List<String> unfetched = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (NodeResult<ReconcileResponse> r : all) {
      if (r.ok() && r.value().failed()) {
        failed = true;
      }
      if (r.ok() && r.value().fetchError() != null) {
        unfetched.add(r.node().name());
      }
      if (r.ok()) {
        r.value().rejections().forEach(x -> rejected.add(r.node().name() + ": " + x.file()));
      }
    }
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodes", all.stream().map(r -> Output.nodeJson(r, "sync")).toList());
      common.out().println(Output.json(m));
    } else {
      for (NodeResult<ReconcileResponse> r : all) {
        if (r.ok()) {
          Actions.print(common.out(), common.style(), r.node().name(), r.value());
        }
      }
    }
    common.out().flush();
    int exit = Output.failures(common, all);
    if (exit == ExitCodes.AUTH && pushed.isPresent()) {
      common.err().println("mcp: " + pushed.get());
      common.err().flush();
    }
    if (exit == ExitCodes.OK && !unfetched.isEmpty()) {
      common
          .err()
          .println(
              "mcp: "
                  + String.join(", ", unfetched)
                  + " could not fetch from the git remote (see the fetch error above), so"
                  + " reconciled what was fetched last");
      common.err().flush();
      return ExitCodes.ERROR;
    }
    if (exit == ExitCodes.OK && failed) {
      common.err().println("mcp: some actions failed; see mcp status and mcp events");
      common.err().flush();
      return ExitCodes.NOT_CONVERGED;
    }
    if (exit == ExitCodes.OK && !rejected.isEmpty()) {
      common
          .err()
          .println(
              "mcp: the agent rejected "
                  + String.join(", ", rejected)
                  + " (each service goes on with its last good spec): fix the file with mcp"
                  + " service edit SERVICE, or see why with mcp validate");
      common.err().flush();
      return ExitCodes.NOT_CONVERGED;
    }
    return exit == ExitCodes.OK && soak.soakWait() ? soaks(agents, all) : exit;
  }

  /** Waits through the health gates and soaks of what each node deployed at the commit synced. */
  private int soaks(Agents agents, List<NodeResult<ReconcileResponse>> synced) {
    int exit = ExitCodes.OK;
    for (NodeResult<ReconcileResponse> r : synced) {
      String commit = r.ok() ? r.value().commit() : null;
      if (commit == null) {
        continue;
      }
      AgentClient agent = agents.client(r.node());
      for (ServiceStatus s : agent.get("/v1/status", StatusResponse.class).services()) {
        if (RolloutText.inProgress(s.rollout()) && commit.equals(s.rollout().commit())) {
          exit = Math.max(exit, SoakWait.await(common, agent, s.name(), commit));
        }
      }
    }
    return exit;
  }
}
