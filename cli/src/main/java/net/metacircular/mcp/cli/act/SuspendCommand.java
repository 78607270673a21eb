package net.metacircular.mcp.cli.act;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.ServiceLocator;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.api.SuspendBody;
import net.metacircular.mcp.schema.api.SuspensionInfo;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp suspend SERVICE|--node NODE --reason TEXT [--for D | --until T]}. */
@Command(
    name = "suspend",
    mixinStandardHelpOptions = true,
    description = {
      "Hold a service (or every service of a node) still: the agent neither deploys, heals nor"
          + " prunes it until mcp resume or its expiry, and shows who, why and until when."
          + " Nothing is committed; it holds while git is unreachable.",
    })
public final class SuspendCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
    String service;

    @Option(names = "--node", paramLabel = "NODE", description = "Every service of this node.")
    String node;
  }

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (shown).")
  String reason;

  @ArgGroup(exclusive = true)
  Expiry expiry;

  static final class Expiry {
    @Option(names = "--for", paramLabel = "DURATION", description = "Resume after, e.g. 2h.")
    String forDuration;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        description = "Resume at: RFC 3339, or HH:MM (local, today or tomorrow).")
    String until;
  }

  @Override
  public Integer call() {
    if (reason.isBlank()) {
      throw new picocli.CommandLine.TypeConversionException("--reason must not be empty");
    }
    Optional<Instant> until =
        expiry == null
            ? Optional.empty()
            : SuspendTime.until(expiry.forDuration, expiry.until, Clock.systemDefaultZone());
    SuspendBody body = new SuspendBody(reason.strip(), until.orElse(null));
    AgentClient agent;
    String path;
    if (target.service != null) {
      ServicesRepo.requireName(target.service);
      agent = ServiceLocator.locate(Agents.of(common), target.service);
      path = "/v1/services/" + target.service + "/suspend";
    } else {
      agent = Agents.of(common).client(target.node);
      path = "/v1/suspend";
    }
    SuspensionInfo s = agent.post(path, body, SuspensionInfo.class);
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", agent.node().name());
      m.put("suspended", s);
      common.out().println(Output.json(m));
    } else {
      String what =
          target.service != null ? target.service : "every service of node " + target.node;
      common
          .out()
          .println(
              "suspended "
                  + what
                  + " on node "
                  + agent.node().name()
                  + " by "
                  + s.who()
                  + ": "
                  + s.reason()
                  + (s.until() == null ? " (until mcp resume)" : " (until " + s.until() + ")"));
    }
    common.out().flush();
    return ExitCodes.OK;
  }
}
