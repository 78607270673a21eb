package net.metacircular.mcp.cli.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.NodeRequest;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.schema.api.NotifyTestResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcp notify test [--node NODE]}. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Have the agent of each node (or of NODE) send a test message through each of its [[notify]]"
          + " receivers at once, and print what each receiver did with it.",
      "Exits 0 when every receiver took its message, 1 when one did not (the receiver and why are"
          + " printed: the message did not get through, whatever the services' state) or a node"
          + " has no receiver or cannot be reached, 4 when a node refused the token (admin"
          + " needed).",
    })
public final class NotifyTestCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--node", paramLabel = "NODE", description = "Only this node's receivers.")
  String node;

  @Override
  public Integer call() {
    Agents agents = Agents.of(common);
    Function<AgentClient, NotifyTestResponse> send =
        c -> c.post("/v1/notify/test", null, NotifyTestResponse.class);
    List<NodeResult<NotifyTestResponse>> all = NodeRequest.each(agents, node, send);
    boolean failed = false;
    for (NodeResult<NotifyTestResponse> r : all) {
      failed |= r.ok() && !r.value().allDelivered();
    }
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodes", all.stream().map(r -> Output.nodeJson(r, "notify_test")).toList());
      common.out().println(Output.json(m));
    } else {
      for (NodeResult<NotifyTestResponse> r : all) {
        if (r.ok()) {
          print(r.node().name(), r.value());
        }
      }
    }
    common.out().flush();
    int exit = Output.failures(common, all);
    if (failed) {
      for (NodeResult<NotifyTestResponse> r : all) {
        if (r.ok()) {
          for (NotifyTestResponse.Receiver x : r.value().receivers()) {
            if (!x.delivered()) {
              common
                  .err()
                  .println(
                      "mcp: "
                          + r.node().name()
                          + ": "
                          + x.name()
                          + " ("
                          + x.url()
                          + ") did not take the test message: "
                          + x.error());
            }
          }
        }
      }
      common.err().flush();
      exit = Math.max(exit, ExitCodes.ERROR);
    }
    return exit;
  }

  private void print(String nodeName, NotifyTestResponse res) {
    for (NotifyTestResponse.Receiver x : res.receivers()) {
      common
          .out()
          .println(
              nodeName
                  + ": "
                  + x.name()
                  + " "
                  + x.url()
                  + " ("
                  + x.format()
                  + "): "
                  + (x.delivered() ? "delivered" : "failed: " + x.error()));
    }
  }
}
