package net.metacircular.mcp.cli.read;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.DurationConverter;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.api.EventInfo;
import net.metacircular.mcp.schema.api.EventsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp events [SERVICE] [--since …] [--limit N] [--follow]}. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "The agents' event history, newest first, from every node.")
public final class EventsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "Only this one.")
  String service;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Only events after this: a duration ago (10m, 2h) or an instant (2025-01-02T03:04:05Z).")
  String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most N events per node (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = {"-f", "--follow"},
      description =
          "Then print each new event as the agents write it, from every node at once, until"
              + " Ctrl-C; a dropped connection resumes where it left off.")
  boolean follow;

  @Override
  public Integer call() {
    StringBuilder q = new StringBuilder("/v1/events?limit=").append(limit);
    if (limit < 1 || limit > 10000) {
      throw new CliException("--limit must be 1 to 10000; got " + limit, ExitCodes.USAGE);
    }
    if (service != null) {
      ServicesRepo.requireName(service);
      q.append("&service=").append(service);
    }
    if (since != null) {
      q.append("&since=").append(sinceInstant(since));
    }
    if (follow) {
      if (limit > 1000) {
        throw new CliException(
            "--limit with --follow must be 1 to 1000; got " + limit, ExitCodes.USAGE);
      }
      if (since != null) {
        throw new CliException(
            "--since does not go with --follow (which starts with the last --limit events)",
            ExitCodes.USAGE);
      }
      String stream =
          "/v1/events/stream?tail=" + limit + (service == null ? "" : "&service=" + service);
      return new EventFollower(common, Agents.of(common), stream).run();
    }
    String path = q.toString();
    List<NodeResult<EventsResponse>> all =
        Agents.of(common).all(c -> c.get(path, EventsResponse.class));
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodes", all.stream().map(r -> Output.nodeJson(r, "events")).toList());
      common.out().println(Output.json(m));
    } else {
      record Row(String node, EventInfo e) {}
      List<Row> rows = new ArrayList<>();
      for (NodeResult<EventsResponse> r : all) {
        if (r.ok()) {
          r.value().events().forEach(e -> rows.add(new Row(r.node().name(), e)));
        }
      }
      rows.sort(
          Comparator.comparing(
              (Row r) -> r.e().at(), Comparator.nullsLast(Comparator.reverseOrder())));
      boolean anyAnswered = all.stream().anyMatch(NodeResult::ok);
      if (rows.isEmpty() && anyAnswered) {
        // Only the nodes that answered have none: the others are named on stderr (exit 1).
        common
            .out()
            .println(
                all.stream().allMatch(NodeResult::ok)
                    ? "no events"
                    : "no events from "
                        + String.join(
                            ", ",
                            all.stream()
                                .filter(NodeResult::ok)
                                .map(r -> "node " + r.node().name())
                                .toList()));
      } else if (!rows.isEmpty()) {
        Table t = new Table("TIME", "NODE", "SERVICE", "KIND", "COMMIT", "MESSAGE");
        for (Row r : rows) {
          EventInfo e = r.e();
          t.row(
              Fmt.time(e.at()),
              r.node(),
              (e.service() == null ? "-" : e.service())
                  + (e.component() == null ? "" : "/" + e.component()),
              e.kind(),
              e.commit() == null ? "" : Fmt.commit(e.commit()),
              e.message());
        }
        common.out().print(t.render(common.style()));
      }
    }
    common.out().flush();
    return Output.failures(common, all);
  }

  static String sinceInstant(String since) {
    try {
      return Instant.parse(since).toString();
    } catch (DateTimeParseException e) {
      try {
        Duration d = DurationConverter.parse(since);
        return Instant.now().minus(d).toString();
      } catch (RuntimeException e2) {
        throw new CliException(
            "--since "
                + since
                + ": expected a duration such as 10m or 2h, or an instant such as"
                + " 2025-01-02T03:04:05Z",
            ExitCodes.USAGE);
      }
    }
  }
}
