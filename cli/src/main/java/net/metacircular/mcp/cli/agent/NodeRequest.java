package net.metacircular.mcp.cli.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.repo.ServicesRepo;

/**
 * A command's request to the node it is about: the node that runs SERVICE, the node named by {@code
 * --node}, or every node; and the {@code --json} of a one-node answer. The commands that act on a
 * service or a node ({@code restart}, {@code suspend}, {@code resume}, {@code notify test}) share
 * it, so they find the node, name it and fail alike.
 */
public final class NodeRequest {
  private NodeRequest() {}

  /**
   * POSTs {@code body} to the agent of the node that runs {@code service}, at {@code
   * /v1/services/SERVICE/ACTION}, or when {@code service} is null to the agent of {@code node}, at
   * {@code /v1/ACTION}. A bad service name is refused before the config is read.
   */
  public static <T> NodeResult<T> post(
      CommonOptions common,
      String service,
      String node,
      String action,
      Object body,
      Class<T> type) {
    AgentClient agent;
    String path;
    if (service != null) {
      ServicesRepo.requireName(service);
      agent = ServiceLocator.locate(Agents.of(common), service);
      path = "/v1/services/" + service + "/" + action;
    } else {
      agent = Agents.of(common).client(node);
      path = "/v1/" + action;
    }
    return new NodeResult<>(agent.node(), agent.post(path, body, type), null);
  }

  /** Asks every configured node at once, or only {@code node} when it is not null. */
  public static <T> List<NodeResult<T>> each(
      Agents agents, String node, Function<AgentClient, T> request) {
    return node == null
        ? agents.all(request)
        : agents.each(List.of(agents.config().requireNode(node)), request);
  }

  /**
   * With {@code --json}, prints {@code {"node": NAME, KEY: answer}} and says so; else prints
   * nothing (the command prints its text).
   */
  public static boolean printedJson(CommonOptions common, NodeResult<?> answer, String key) {
    if (!common.json()) {
      return false;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", answer.node().name());
    m.put(key, answer.value());
    common.out().println(Output.json(m));
    return true;
  }
}
