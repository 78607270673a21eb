package net.metacircular.mcp.cli.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.Node;

/**
 * The agents of a config: one TLS set-up trusting {@code ca_cert} (else the JVM's trust), the
 * bearer token from {@code token_file} (read on first use), and requests to every node at once.
 */
public final class Agents {
  private final CliConfig config;
  private final Duration timeout;
  private final Duration connectTimeout;

  /** Its SSLContext's session cache lets a command's later connections resume TLS. */
  private final AgentTls tls;

  private String token;

  public Agents(CliConfig config, Duration timeout) {
    this(config, timeout, timeout);
  }

  /** With a connect timeout shorter than the requests' (a silent node is found out sooner). */
  public Agents(CliConfig config, Duration timeout, Duration connectTimeout) {
    this.config = config;
    this.timeout = timeout;
    this.connectTimeout = connectTimeout;
    this.tls = AgentTls.of(config);
  }

  /** With the command's config and {@code --timeout}. */
  public static Agents of(CommonOptions common) {
    return new Agents(common.config(), common.timeout());
  }

  /** With the command's config and a timeout of its own (e.g. short, for {@code node list}). */
  public static Agents of(CommonOptions common, Duration timeout) {
    return new Agents(common.config(), timeout);
  }

  public CliConfig config() {
    return config;
  }

  public Duration timeout() {
    return timeout;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  AgentTls tls() {
    return tls;
  }

  /** The configured nodes; none is an error that says how to add one. */
  public List<Node> nodes() {
    if (config.nodes().isEmpty()) {
      throw new CliException(
          "no nodes in " + config.file() + "; add one with: mcp node add NAME HOST:PORT");
    }
    return config.nodes();
  }

  public AgentClient client(Node node) {
    return new AgentClient(this, node);
  }

  /** The client of a node named in a service file; an error if mcp.toml does not list it. */
  public AgentClient client(String nodeName) {
    return client(config.requireNode(nodeName));
  }

  /** Asks every configured node at once; results in config order. */
  public <T> List<NodeResult<T>> all(Function<AgentClient, T> request) {
    return each(nodes(), request);
  }

  /** Asks these nodes at once (one virtual thread each); results in their order. */
  public <T> List<NodeResult<T>> each(Collection<Node> nodes, Function<AgentClient, T> request) {
    List<NodeResult<T>> out = new ArrayList<>();
    if (nodes.size() == 1) {
      Node n = nodes.iterator().next();
      out.add(call(n, request));
      return out;
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<NodeResult<T>>> futures = new ArrayList<>();
      for (Node n : nodes) {
        futures.add(pool.submit(() -> call(n, request)));
      }
      for (Future<NodeResult<T>> f : futures) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the agents");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    return out;
  }

  private <T> NodeResult<T> call(Node n, Function<AgentClient, T> request) {
    try {
      return new NodeResult<>(n, request.apply(client(n)), null);
    } catch (CliException e) {
      return new NodeResult<>(n, null, e);
    }
  }

  /** The token, trimmed; a missing or empty file says where it should be and how to get one. */
  synchronized String token() {
    if (token != null) {
      return token;
    }
    Path file = config.tokenFile();
    String how =
        "; get a token: on the node, mcp-agent token new --role admin --name $USER prints one (add"
            + " the line it prints to the agent's tokens file), or use your MCIAS service account"
            + " token; write it to "
            + file
            + " (token_file in "
            + config.file()
            + ")";
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new AgentException("TOKEN", 0, "no token file " + file + how, ExitCodes.AUTH);
    } catch (IOException e) {
      throw new AgentException(
          "TOKEN", 0, "cannot read the token file " + file + " (" + e + ")" + how, ExitCodes.AUTH);
    }
    if (text.isEmpty()) {
      throw new AgentException(
          "TOKEN", 0, "the token file " + file + " is empty" + how, ExitCodes.AUTH);
    }
    token = text;
    return token;
  }
}
