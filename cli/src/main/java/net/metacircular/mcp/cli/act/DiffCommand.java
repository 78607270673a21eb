package net.metacircular.mcp.cli.act;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.output.Style;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.cli.repo.Git;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.api.ComponentStatus;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp diff [SERVICE]}. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "What is not applied yet: local commits of services_dir not pushed (git log @{u}..),"
          + " uncommitted service files, and the components the agents show out of sync or"
          + " drifting.",
    })
public final class DiffCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this one.")
  String service;

  @Override
  public Integer call() {
    if (service != null) {
      ServicesRepo.requireName(service);
    }
    Agents agents = Agents.of(common);
    ServicesRepo repo =
        ServicesRepo.open(
            agents.config().servicesDir(), agents.config().file(), common.env().vars());
    String[] paths =
        service == null ? new String[0] : new String[] {ServicesRepo.fileName(service)};
    boolean hasUpstream =
        repo.git().run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}").ok();
    List<String> unpushed = PendingPush.unpushed(repo, paths);
    List<String> statusArgs =
        new ArrayList<>(List.of("status", "--porcelain", "--untracked-files=all", "--"));
    statusArgs.add(service == null ? "*.toml" : ServicesRepo.fileName(service));
    Git.Result st = repo.git().run(statusArgs.toArray(String[]::new));
    List<String> uncommitted = st.out().lines().filter(l -> !l.isBlank()).toList();

    String path = "/v1/status" + (service == null ? "" : "?service=" + service);
    List<NodeResult<StatusResponse>> all = agents.all(c -> c.get(path, StatusResponse.class));
    List<NodeResult<StatusResponse>> failed = new ArrayList<>();
    List<Map<String, Object>> pending = new ArrayList<>();
    for (NodeResult<StatusResponse> r : all) {
      if (!r.ok()) {
        if (!(service != null && r.error() instanceof AgentException a && a.notFound())) {
          failed.add(r);
        }
        continue;
      }
      for (ServiceStatus s : r.value().services()) {
        for (ComponentStatus c : s.components()) {
          if (c.outOfSync() || c.drift()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", r.node().name());
            m.put("service", s.name());
            m.put("component", c.name());
            m.put("out_of_sync", c.outOfSync());
            m.put("drift", c.drift());
            m.put("applied_image", c.appliedImage());
            m.put("desired_image", c.desiredImage());
            m.put("observed_state", c.observedState());
            m.put("condition", c.condition());
            pending.add(m);
          }
        }
      }
    }
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("unpushed", unpushed);
      m.put("uncommitted", uncommitted);
      m.put("agents", pending);
      common.out().println(Output.json(m));
    } else {
      print(repo, hasUpstream, unpushed, uncommitted, pending);
    }
    common.out().flush();
    return Output.failures(common, failed);
  }

  private void print(
      ServicesRepo repo,
      boolean hasUpstream,
      List<String> unpushed,
      List<String> uncommitted,
      List<Map<String, Object>> pending) {
    Style style = common.style();
    var out = common.out();
    if (!hasUpstream) {
      out.println("no upstream for the branch of " + repo.dir() + ": cannot tell what is unpushed");
    } else if (unpushed.isEmpty()) {
      out.println("local: no commits to push");
    } else {
      out.println(style.bold("Local commits not pushed") + " (mcp sync or git push pushes them):");
      unpushed.forEach(l -> out.println("  " + l));
    }
    if (!uncommitted.isEmpty()) {
      out.println(style.bold("Uncommitted changes") + " in " + repo.dir() + ":");
      uncommitted.forEach(l -> out.println("  " + l));
    }
    if (pending.isEmpty()) {
      out.println("agents: everything applied, no drift");
    } else {
      out.println(style.bold("On the agents") + ":");
      Table t = new Table("  NODE", "SERVICE", "COMPONENT", "STATE", "APPLIED", "DESIRED");
      for (Map<String, Object> p : pending) {
        t.row(
            "  " + p.get("node"),
            (String) p.get("service"),
            (String) p.get("component"),
            Boolean.TRUE.equals(p.get("drift"))
                ? style.red("DRIFT (" + p.get("observed_state") + ")")
                : style.yellow("OUT OF SYNC"),
            String.valueOf(p.get("applied_image")),
            String.valueOf(p.get("desired_image")));
      }
      out.print(t.render(style));
    }
  }
}
