package net.metacircular.mcp.cli.policy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.schema.Names;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.SpecError;
import net.metacircular.mcp.schema.ValidationPolicy;
import net.metacircular.mcp.schema.api.PolicyResponse;
import org.tomlj.Toml;

/**
 * Checks service files against the policy of the node each names: {@code GET /v1/policy} of its
 * agent (each node asked once per command, the answer cached); the cached answer when the node
 * cannot be asked; else {@code --services-root}, mcp.toml's {@code services_root} or {@code /srv},
 * with the checks only the node could decide skipped (reported, not refused): the agent checks the
 * file again anyway, and the CLI must not refuse what the node accepts.
 */
public final class Policies {
  /** Short: it runs before every change, and a silent node must not hold the command up long. */
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** For a file that could not be read: checked against nothing. */
  public static final NodePolicy NONE =
      new NodePolicy(
          Optional.empty(),
          new ValidationPolicy(CliConfig.DEFAULT_SERVICES_ROOT, List.of()),
          NodePolicy.Origin.DEFAULT,
          Optional.empty(),
          Optional.of("the file could not be read"),
          false);

  private final Optional<CliConfig> config;
  private final Optional<Path> flagRoot;
  private final Duration wait;
  private final PolicyCache cache;
  private final Clock clock;
  private final Map<String, NodePolicy> byNode = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  private Agents agents;

  Policies(
      CliEnv env, Optional<CliConfig> config, Optional<Path> flagRoot, Duration wait, Clock clock) {
    this.config = config;
    this.flagRoot = flagRoot;
    this.wait = wait;
    this.cache = new PolicyCache(env);
    this.clock = clock;
  }

  /** For a command with a config; {@code flagRoot} from {@code --services-root}, if given. */
  public static Policies of(
      CommonOptions common, Optional<CliConfig> config, Optional<Path> flagRoot) {
    Duration wait = common.timeout().compareTo(WAIT) < 0 ? common.timeout() : WAIT;
    return new Policies(common.env(), config, flagRoot, wait, Clock.systemUTC());
  }

  /** Cache files that could not be written, for a warning. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Checks one file's text against the policy of the node it names. */
  public Checked check(String fileName, String text) {
    NodePolicy p = forNode(nodeOf(text));
    ParseResult strict = new ServiceParser(p.policy()).parse(fileName, text);
    if (p.complete() || strict.isValid()) {
      return new Checked(strict, List.of(), p);
    }
    // Without the node's own policy, what its allowed_volume_roots or allow_host_network could
    // allow is not refused: parse again with both wide open, and report the difference.
    ValidationPolicy open =
        new ValidationPolicy(p.policy().servicesRoot(), List.of(Path.of("/")), true);
    ParseResult loose = new ServiceParser(open).parse(fileName, text);
    List<SpecError> skipped =
        strict.errors().stream().filter(e -> !loose.errors().contains(e)).toList();
    return new Checked(loose, skipped, p);
  }

  /**
   * The node's {@code services_root} as its policy says (cached, or the fallback, when it cannot be
   * asked): where {@code mcp push} and {@code pull} files are on it.
   */
  public static Path servicesRoot(CommonOptions common, CliConfig config, String node) {
    return of(common, Optional.of(config), Optional.empty())
        .forNode(Optional.of(node))
        .policy()
        .servicesRoot();
  }

  /** The policy for files naming {@code node} (empty: a file that names none). */
  public NodePolicy forNode(Optional<String> node) {
    if (node.isEmpty()) {
      return fallback(node, "the file names no node", false);
    }
    return byNode.computeIfAbsent(node.get(), this::resolve);
  }

  private NodePolicy resolve(String name) {
    if (config.isEmpty()) {
      return fallback(Optional.of(name), "there is no mcp.toml to find node " + name + " in", true);
    }
    Optional<Node> node = config.get().node(name);
    if (node.isEmpty()) {
      return fallback(
          Optional.of(name), "node " + name + " is not in " + config.get().file(), false);
    }
    String why;
    try {
      PolicyResponse live = agents().client(node.get()).get("/v1/policy", PolicyResponse.class);
      cache.write(name, new PolicyCache.Entry(live, clock.instant())).ifPresent(problems::add);
      return new NodePolicy(
          Optional.of(name),
          policy(live),
          NodePolicy.Origin.LIVE,
          Optional.empty(),
          Optional.empty(),
          true);
    } catch (CliException e) {
      why = reason(node.get(), e);
    }
    Optional<PolicyCache.Entry> cached = cache.read(name);
    if (cached.isPresent()) {
      try {
        return new NodePolicy(
            Optional.of(name),
            policy(cached.get().policy()),
            NodePolicy.Origin.CACHED,
            Optional.of(cached.get().fetchedAt()),
            Optional.of(why),
            true);
      } catch (RuntimeException e) {
        // a cache file that does not hold a policy is no cache
      }
    }
    return fallback(Optional.of(name), why + " and no policy of it is cached", true);
  }

  private Agents agents() {
    if (agents == null) {
      agents = new Agents(config.orElseThrow(), wait);
    }
    return agents;
  }

  private static ValidationPolicy policy(PolicyResponse p) {
    return new ValidationPolicy(
        Path.of(p.servicesRoot()),
        p.allowedVolumeRoots().stream().map(Path::of).toList(),
        p.allowHostNetwork());
  }

  private static String reason(Node node, CliException e) {
    String who = "node " + node.name() + " (" + node.address() + ")";
    if (e instanceof AgentException a) {
      if (a.unreachable()) {
        return who + " is unreachable";
      }
      if (a.notFound()) {
        return who + " has an agent too old to tell its policy (no GET /v1/policy)";
      }
      if (a.code().equals("TOKEN")) {
        return who + " could not be asked: no token (" + a.getMessage().split(";", 2)[0] + ")";
      }
      if (a.exitCode() == ExitCodes.AUTH) {
        return who + " refused the token";
      }
      return who + " did not tell its policy (" + a.code() + ")";
    }
    return who + " could not be asked (" + e.getMessage() + ")";
  }

  private NodePolicy fallback(Optional<String> node, String why, boolean nodeKnown) {
    NodePolicy.Origin origin;
    Path root;
    if (flagRoot.isPresent()) {
      origin = NodePolicy.Origin.FLAG;
      root = flagRoot.get();
    } else if (config.flatMap(CliConfig::servicesRoot).isPresent()) {
      origin = NodePolicy.Origin.CONFIG;
      root = config.get().servicesRoot().orElseThrow();
    } else {
      origin = NodePolicy.Origin.DEFAULT;
      root = CliConfig.DEFAULT_SERVICES_ROOT;
    }
    return new NodePolicy(
        node,
        new ValidationPolicy(root, List.of()),
        origin,
        Optional.empty(),
        Optional.of(why),
        nodeKnown);
  }

  /** The node a service file names, if it names one by a valid name. */
  static Optional<String> nodeOf(String text) {
    try {
      Object v = Toml.parse(text).get("node");
      return v instanceof String s && Names.isValid(s) ? Optional.of(s) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
