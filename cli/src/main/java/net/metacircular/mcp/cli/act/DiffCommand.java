package net.metacircular.mcp.cli.act;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp diff [SERVICE]}. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "What is not applied yet: local commits of services_dir not pushed (git log @{u}..),"
          + " uncommitted service files, the nodes whose agent has not applied the remote's"
          + " head (its commit and the remote's), the nodes that are unreachable, and the"
          + " components the agents show out of sync or drifting.",
      "Exits 1 when a node is unreachable or refuses the token (4) (what it has applied is"
          + " unknown); with --check, 3 when anything is not applied."
    })
public final class DiffCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this one.")
  String service;

  @Option(
      names = "--check",
      description =
          "Exit 3 when anything is not applied: unpushed or uncommitted changes, a node behind"
              + " the remote, a component out of sync or drifting.")
  boolean check;

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
    Optional<RemoteHead> head = RemoteHead.of(repo);
    List<Map<String, Object>> behind = new ArrayList<>();
    for (NodeResult<StatusResponse> r : all) {
      if (!r.ok()) {
        if (!(service != null && r.error() instanceof AgentException a && a.notFound())) {
          failed.add(r);
        }
        continue;
      }
      String applied = r.value().source() == null ? null : r.value().source().appliedCommit();
      if (head.isPresent() && !head.get().commit().equals(applied)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", r.node().name());
        m.put("applied_commit", applied);
        m.put("remote_commit", head.get().commit());
        m.put("source_error", r.value().source() == null ? null : r.value().source().error());
        behind.add(m);
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
            m.put("condition_kind", c.conditionKind());
            m.put("condition_detail", c.conditionDetail());
            pending.add(m);
          }
        }
      }
    }
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("unpushed", unpushed);
      m.put("uncommitted", uncommitted);
      m.put("remote_commit", head.map(RemoteHead::commit).orElse(null));
      m.put("behind", behind);
      m.put("unreachable", failed.stream().map(r -> Output.nodeJson(r, "status")).toList());
      m.put("agents", pending);
      common.out().println(Output.json(m));
    } else {
      print(repo, hasUpstream, unpushed, uncommitted, pending);
      printNodes(head, behind, failed, pending.isEmpty());
    }
    common.out().flush();
    int exit = Output.failures(common, failed);
    boolean applied =
        unpushed.isEmpty() && uncommitted.isEmpty() && pending.isEmpty() && behind.isEmpty();
    return exit == ExitCodes.OK && check && !applied ? ExitCodes.NOT_CONVERGED : exit;
  }

  /** The nodes behind the remote or unreachable, or that everything is applied. */
  private void printNodes(
      Optional<RemoteHead> head,
      List<Map<String, Object>> behind,
      List<NodeResult<StatusResponse>> failed,
      boolean noPending) {
    Style style = common.style();
    var out = common.out();
    for (Map<String, Object> b : behind) {
      Object applied = b.get("applied_commit");
      out.println(
          style.yellow("node " + b.get("node") + " is behind")
              + ": it applied "
              + (applied == null ? "nothing yet" : shortHash(applied.toString()))
              + ", "
              + head.orElseThrow().upstream().display()
              + " is at "
              + head.orElseThrow().shortCommit()
              + (head.orElseThrow().live() ? "" : " (as of the last fetch)")
              + (b.get("source_error") == null
                  ? " (mcp sync fetches it now)"
                  : "; its source fails: " + b.get("source_error")));
    }
    for (NodeResult<StatusResponse> f : failed) {
      out.println(
          style.red("node " + f.node().name() + " is " + Output.failure(f))
              + " ("
              + f.node().address()
              + "): what it has applied is unknown");
    }
    if (noPending && behind.isEmpty() && failed.isEmpty()) {
      out.println(
          "agents: everything applied"
              + head.map(h -> " (" + h.upstream().display() + " at " + h.shortCommit() + ")")
                  .orElse("")
              + ", no drift");
    }
  }

  private static String shortHash(String hash) {
    return hash.length() > 7 ? hash.substring(0, 7) : hash;
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
    if (!pending.isEmpty()) {
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
