package net.metacircular.mcp.cli.act;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.NodeRequest;
import net.metacircular.mcp.cli.agent.NodeResult;
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
    NodeResult<SuspensionInfo> r =
        NodeRequest.post(
            common, target.service, target.node, "suspend", body, SuspensionInfo.class);
    if (!NodeRequest.printedJson(common, r, "suspended")) {
      SuspensionInfo s = r.value();
      String what =
          target.service != null ? target.service : "every service of node " + target.node;
      common
          .out()
          .println(
              "suspended "
                  + what
                  + " on node "
                  + r.node().name()
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
