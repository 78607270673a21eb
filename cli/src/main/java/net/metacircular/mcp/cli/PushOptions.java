package net.metacircular.mcp.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of commands that commit a change to desired state and push it. */
public final class PushOptions {
  @Option(
      names = "--no-push",
      description = "Commit locally only: no push, so no agent applies it until you push.")
  boolean noPush;

  @Option(
      names = "--unreachable-after",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "After the push, stop waiting for a node that stays unreachable this long (its agent"
              + " applies the commit when it runs again); also its connect timeout (default:"
              + " ${DEFAULT-VALUE}).")
  Duration unreachableAfter;

  @Option(
      names = "--no-soak-wait",
      description =
          "Return once the change is applied, without waiting through the agent's soak (a"
              + " failure during the soak is then seen in mcp status).")
  boolean noSoakWait;

  public boolean noPush() {
    return noPush;
  }

  /** Whether the wait goes on through the agent's health gate and soak (no --no-soak-wait). */
  public boolean soakWait() {
    return !noSoakWait;
  }

  public Duration unreachableAfter() {
    return unreachableAfter;
  }
}
