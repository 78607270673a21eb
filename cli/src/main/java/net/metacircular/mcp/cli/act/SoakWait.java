package net.metacircular.mcp.cli.act;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.agent.RolloutText;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;

/**
 * After {@code deploy} and {@code sync}: waits through the agent's health gate and soak of a
 * service deployed at a commit, printing the time left, until the agent's verdict: 0 when it
 * passed, 3 with the reason when it failed or was rolled back. {@code --timeout} bounds the wait
 * but a soak the agent announced is waited through to its end.
 */
final class SoakWait {
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration VERDICT = Duration.ofSeconds(30);

  private SoakWait() {}

  /**
   * @param commit the commit the agent deployed (its answer's {@code commit})
   * @return {@link ExitCodes#OK} or {@link ExitCodes#NOT_CONVERGED}
   */
  static int await(CommonOptions common, AgentClient agent, String service, String commit) {
    Instant deadline = Instant.now().plus(common.timeout());
    String lastPhase = null;
    boolean terminal = !common.json() && common.env().stdoutIsTerminal();
    var out = common.out();
    while (true) {
      StatusResponse s = agent.get("/v1/status?service=" + service, StatusResponse.class);
      Instant at = s.at() == null ? Instant.now() : s.at();
      Optional<ServiceStatus> svc =
          s.services().stream().filter(x -> x.name().equals(service)).findFirst();
      Optional<RolloutText.Step> step =
          svc.flatMap(x -> RolloutText.step(x.rollout(), commit::equals, true, at));
      String where = service + " on node " + agent.node().name();
      if (step.isEmpty()) {
        if (lastPhase != null) {
          if (terminal) {
            out.println();
          }
          if (!common.json()) {
            out.println(where + ": " + common.style().green("soak passed"));
          }
          out.flush();
        }
        return ExitCodes.OK;
      }
      if (step.get().failed()) {
        if (terminal && lastPhase != null) {
          out.println();
          out.flush();
        }
        common
            .err()
            .println(
                "mcp: "
                    + where
                    + " "
                    + step.get().text()
                    + "; see mcp status "
                    + service
                    + " and mcp events "
                    + service);
        common.err().flush();
        return ExitCodes.NOT_CONVERGED;
      }
      String phase = svc.get().rollout().phase();
      if (!common.json()) {
        if (terminal) {
          out.print("\r\u001b[K" + where + ": " + step.get().text());
        } else if (!phase.equals(lastPhase)) {
          out.println(where + ": " + step.get().text());
        }
        out.flush();
      }
      lastPhase = phase;
      Instant end = deadline;
      if (step.get().until() != null && step.get().until().plus(VERDICT).isAfter(end)) {
        end = step.get().until().plus(VERDICT);
      }
      if (Instant.now().plus(POLL).isAfter(end)) {
        if (terminal) {
          out.println();
          out.flush();
        }
        common
            .err()
            .println(
                "mcp: "
                    + where
                    + " is still "
                    + step.get().text()
                    + " after "
                    + Fmt.duration(common.timeout().toSeconds())
                    + " (--timeout); the agent goes on: see mcp status "
                    + service);
        common.err().flush();
        return ExitCodes.NOT_CONVERGED;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while waiting for the soak of " + where, e);
      }
    }
  }
}
