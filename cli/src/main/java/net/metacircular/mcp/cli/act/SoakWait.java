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
import net.metacircular.mcp.schema.RolloutSpec;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ValidationPolicy;
import net.metacircular.mcp.schema.api.ServiceDetail;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;

/**
 * After {@code deploy} and {@code sync}: waits through the agent's health gate and soak of a
 * service deployed at a commit, printing the time left, until the agent's verdict: 0 when it
 * passed, 3 with the reason when it failed or was rolled back. {@code --timeout} bounds the wait
 * but a soak the agent announced is waited through to its end. When the gate or soak failed and the
 * service's {@code on_failure} is {@code "rollback"}, it looks a little longer for the rollback's
 * outcome (up to {@link RolloutText#ROLLBACK_OUTCOME}) and ends on it.
 */
final class SoakWait {
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration VERDICT = Duration.ofSeconds(30);

  private SoakWait() {}

  /**
   * Whether the service's {@code on_failure} is {@code "rollback"}, from the spec its agent holds
   * (the default when it cannot tell: the look for a rollback is bounded).
   */
  private static boolean rollsBack(AgentClient agent, String service) {
    try {
      ServiceDetail d = agent.get("/v1/services/" + service, ServiceDetail.class);
      return new ServiceParser(ValidationPolicy.HOST_UNCHECKED)
          .parse(service + ".toml", d.specToml() == null ? "" : d.specToml())
          .validSpec()
          .map(s -> s.rollout().onFailure() == RolloutSpec.OnFailure.ROLLBACK)
          .orElse(true);
    } catch (CliException e) {
      return true;
    }
  }

  /**
   * @param commit the commit the agent deployed (its answer's {@code commit})
   * @return {@link ExitCodes#OK} or {@link ExitCodes#NOT_CONVERGED}
   */
  static int await(CommonOptions common, AgentClient agent, String service, String commit) {
    Instant deadline = Instant.now().plus(common.timeout());
    String lastPhase = null;
    Boolean rollback = null; // on_failure, asked once the agent says the gate or soak failed
    Instant rollingBackSince = null;
    boolean terminal = !common.json() && common.env().stdoutIsTerminal();
    var out = common.out();
    while (true) {
      StatusResponse s = agent.get("/v1/status?service=" + service, StatusResponse.class);
      Instant at = s.at() == null ? Instant.now() : s.at();
      Optional<ServiceStatus> svc =
          s.services().stream().filter(x -> x.name().equals(service)).findFirst();
      if (rollback == null
          && svc.map(x -> RolloutText.rollbackFollows(x.rollout())).orElse(false)) {
        rollback = rollsBack(agent, service);
      }
      boolean rollsBack = rollback != null && rollback;
      Optional<RolloutText.Step> step =
          svc.flatMap(x -> RolloutText.step(x.rollout(), commit::equals, true, rollsBack, at));
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
      boolean lookOn = false;
      if (step.get().rollingBack()) {
        rollingBackSince = rollingBackSince == null ? Instant.now() : rollingBackSince;
        lookOn =
            Instant.now().plus(POLL).isBefore(rollingBackSince.plus(RolloutText.ROLLBACK_OUTCOME));
      }
      if (step.get().failed() && !lookOn) {
        String text =
            step.get().rollingBack()
                ? RolloutText.stillRollingBack(step.get().text())
                : step.get().text();
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
                    + text
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
      if (!step.get().rollingBack() && Instant.now().plus(POLL).isAfter(end)) {
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
