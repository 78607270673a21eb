package net.metacircular.mcp.cli.node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.cli.output.Json;
import net.metacircular.mcp.cli.output.Style;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.schema.api.HealthResponse;
import net.metacircular.mcp.schema.api.StatusResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mcp node list}. */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = {
      "List the configured nodes: address, whether the agent answers, its version and its last"
          + " sync (all nodes asked at once, with a short timeout).",
    })
public final class NodeListCommand implements Callable<Integer> {
  /** How long a node list waits for a node unless {@code --timeout} says otherwise. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Option(names = "--offline", description = "Only the config: ask no agent.")
  boolean offline;

  /** What one agent said. */
  record Probe(String reachable, String version, Instant lastSync, String error) {}

  @Override
  public Integer call() {
    CliConfig config = common.config();
    if (config.nodes().isEmpty()) {
      if (common.json()) {
        common.out().println("[]");
      } else {
        common
            .out()
            .println(
                "no nodes in " + config.file() + "; add one with: mcp node add NAME HOST:PORT");
      }
      return ExitCodes.OK;
    }
    List<NodeResult<Probe>> probes = new ArrayList<>();
    if (offline) {
      config.nodes().forEach(n -> probes.add(new NodeResult<>(n, null, null)));
    } else {
      // A short wait by default (a list of nodes should not hang on one), but a --timeout given
      // is honoured either way: the message of a node that did not answer says to pass one.
      Duration timeout =
          spec.commandLine().getParseResult().hasMatchedOption("--timeout")
              ? common.timeout()
              : PROBE_TIMEOUT;
      probes.addAll(new Agents(config, timeout).all(NodeListCommand::probe));
    }
    if (common.json()) {
      List<Map<String, Object>> nodes = new ArrayList<>();
      for (NodeResult<Probe> r : probes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.node().name());
        m.put("address", r.node().address());
        if (!offline) {
          Probe p = r.value();
          m.put("reachable", p.reachable().equals("yes"));
          m.put("version", p.version());
          m.put("last_sync", p.lastSync() == null ? null : p.lastSync().toString());
          m.put("error", p.error());
        }
        nodes.add(m);
      }
      common.out().println(Json.write(nodes));
      return ExitCodes.OK;
    }
    Style style = common.style();
    Table table =
        offline
            ? new Table("NODE", "ADDRESS")
            : new Table("NODE", "ADDRESS", "REACHABLE", "VERSION", "LAST SYNC");
    List<String> notes = new ArrayList<>();
    Instant now = Instant.now();
    for (NodeResult<Probe> r : probes) {
      Node n = r.node();
      if (offline) {
        table.row(n.name(), n.address());
        continue;
      }
      Probe p = r.value();
      String reach =
          switch (p.reachable()) {
            case "yes" -> style.green("yes");
            case "no" -> style.red("no");
            default -> style.yellow(p.reachable());
          };
      table.row(
          n.name(),
          n.address(),
          reach,
          Fmt.orDash(p.version()),
          p.lastSync() == null ? "-" : Fmt.ago(p.lastSync(), now));
      if (p.error() != null) {
        notes.add(n.name() + ": " + p.error());
      }
    }
    common.out().print(table.render(style));
    notes.forEach(m -> common.out().println(style.dim(m)));
    return ExitCodes.OK;
  }

  /** {@code /healthz} (no token), then {@code /v1/status} for the last sync (with the token). */
  static Probe probe(AgentClient c) {
    HealthResponse h;
    try {
      h = c.getPublic("/healthz", HealthResponse.class);
    } catch (CliException e) {
      return new Probe("no", null, null, e.getMessage());
    }
    try {
      StatusResponse s = c.get("/v1/status", StatusResponse.class);
      Instant last = s.source() == null ? null : s.source().lastSuccessAt();
      return new Probe("yes", h.version(), last, null);
    } catch (AgentException e) {
      String reach =
          e.exitCode() == ExitCodes.AUTH || "TOKEN".equals(e.code()) ? "yes (token?)" : "yes";
      return new Probe(reach, h.version(), null, e.getMessage());
    } catch (CliException e) {
      return new Probe("yes", h.version(), null, e.getMessage());
    }
  }
}
