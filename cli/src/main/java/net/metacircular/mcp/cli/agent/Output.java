package net.metacircular.mcp.cli.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;

/** What the agent commands share in printing: JSON through Jackson, node failures on stderr. */
public final class Output {
  private Output() {}

  /** Jackson's JSON of maps, lists and the schema's api records (snake_case). */
  public static String json(Object value) {
    try {
      return ApiMapper.get().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints {@code mcp: <message>} for each node that failed; the worst exit code, or 0. */
  public static int failures(CommonOptions common, List<? extends NodeResult<?>> results) {
    int exit = ExitCodes.OK;
    for (NodeResult<?> r : results) {
      if (!r.ok()) {
        common.err().println("mcp: " + r.error().getMessage());
        exit = Math.max(exit, r.error().exitCode());
      }
    }
    common.err().flush();
    return exit;
  }

  /**
   * What a table shows for a node that failed: {@code refused} when its agent answered but refused
   * the token (UNAUTHENTICATED, PERMISSION_DENIED), else {@code unreachable}.
   */
  public static String failure(NodeResult<?> r) {
    return !r.ok() && r.error().exitCode() == ExitCodes.AUTH ? "refused" : "unreachable";
  }

  /** A node's entry in {@code --json}: its name, address, and the answer or the error. */
  public static Map<String, Object> nodeJson(NodeResult<?> r, String key) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", r.node().name());
    m.put("address", r.node().address());
    m.put(key, r.value());
    m.put("error", r.ok() ? null : errorJson(r));
    return m;
  }

  private static Map<String, Object> errorJson(NodeResult<?> r) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", r.error() instanceof AgentException a ? a.code() : "ERROR");
    e.put("message", r.error().getMessage());
    return e;
  }
}
