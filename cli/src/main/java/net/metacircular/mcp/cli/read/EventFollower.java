package net.metacircular.mcp.cli.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.ApiMapper;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.schema.api.EventInfo;

/**
 * {@code mcp events --follow}: every node's {@code GET /v1/events/stream} at once, one line per
 * event as it arrives, until interrupted (Ctrl-C). A dropped stream is opened again after {@link
 * #RETRY_MILLIS} with {@code Last-Event-ID}, so nothing is missed; a node that refuses the token or
 * the request is given up, named on stderr.
 */
final class EventFollower {
  static final long RETRY_MILLIS = 3_000;

  private final CommonOptions common;
  private final Agents agents;
  private final String query;

  /** Set when the command is interrupted: every node's loop ends at its next step. */
  private volatile boolean stopping;

  EventFollower(CommonOptions common, Agents agents, String query) {
    this.common = common;
    this.agents = agents;
    this.query = query;
  }

  /** Follows every node until interrupted, or until every node has refused; the exit code. */
  int run() {
    List<Node> nodes = agents.nodes();
    List<Future<Integer>> all = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Node n : nodes) {
        all.add(pool.submit(() -> follow(agents.client(n))));
      }
      int worst = ExitCodes.OK;
      try {
        for (Future<Integer> f : all) {
          worst = Math.max(worst, f.get());
        }
      } catch (InterruptedException e) {
        // Ctrl-C, or the test that runs this in-process: stop every stream.
        stopping = true;
        all.forEach(f -> f.cancel(true));
        pool.shutdownNow();
        Thread.currentThread().interrupt();
        return ExitCodes.OK;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
      return worst;
    }
  }

  private int follow(AgentClient client) {
    String lastId = null;
    boolean lost = false;
    while (!stopping && !Thread.currentThread().isInterrupted()) {
      String path = lastId == null ? query : query.replaceFirst("([?&])tail=\\d+&?", "$1");
      try (InputStream in = client.stream(path, lastId)) {
        if (lost) {
          say(client.where() + ": following again");
          lost = false;
        }
        lastId = read(client, in, lastId);
      } catch (AgentException e) {
        if (stopping) {
          break;
        }
        if (!e.unreachable() && !"TIMEOUT".equals(e.code())) {
          say(e.getMessage());
          return e.exitCode();
        }
        if (!lost) {
          say(e.getMessage() + "; trying again every " + RETRY_MILLIS / 1000 + "s");
          lost = true;
        }
      } catch (IOException | RuntimeException e) {
        if (stopping || Thread.currentThread().isInterrupted()) {
          break;
        }
        if (e instanceof CliException c && c.exitCode() != ExitCodes.ERROR) {
          say(c.getMessage());
          return c.exitCode();
        }
        if (!lost) {
          say(
              client.where()
                  + ": the event stream broke off ("
                  + e.getMessage()
                  + "); reconnecting every "
                  + RETRY_MILLIS / 1000
                  + "s");
          lost = true;
        }
      }
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        break;
      }
    }
    return ExitCodes.OK;
  }

  /** Prints each event of one connection; the id of the last one (to resume from). */
  private String read(AgentClient client, InputStream in, String lastId) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String id = lastId;
    for (String line = lines.readLine(); line != null && !stopping; line = lines.readLine()) {
      if (line.startsWith("id:")) {
        id = line.substring(3).strip();
      } else if (line.startsWith("data:")) {
        print(client.node().name(), line.substring(5).strip());
      }
    }
    throw new IOException("the agent closed it");
  }

  private void print(String node, String json) throws IOException {
    EventInfo e = ApiMapper.get().readValue(json, EventInfo.class);
    String text;
    if (common.json()) {
      ObjectNode n = ApiMapper.get().valueToTree(e);
      n.put("node", node);
      text = ApiMapper.get().writeValueAsString(n);
    } else {
      text =
          String.join(
              "  ",
              Fmt.time(e.at()),
              node,
              (e.service() == null ? "-" : e.service())
                  + (e.component() == null ? "" : "/" + e.component()),
              e.kind(),
              Fmt.commit(e.commit()),
              e.message());
    }
    synchronized (common) {
      common.out().println(text);
      common.out().flush();
    }
  }

  private void say(String message) {
    synchronized (common) {
      common.err().println(message);
      common.err().flush();
    }
  }
}
