package net.metacircular.mcp.cli;

import java.time.Duration;
import picocli.CommandLine.Mixin;
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

  @Mixin SoakWaitOption soak;

  public boolean noPush() {
    return noPush;
  }

  /** Whether the wait goes on through the agent's health gate and soak (no --no-soak-wait). */
  public boolean soakWait() {
    return soak.soakWait();
  }

  public Duration unreachableAfter() {
    return unreachableAfter;
  }
}
