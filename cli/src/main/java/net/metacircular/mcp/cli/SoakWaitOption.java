package net.metacircular.mcp.cli;

import picocli.CommandLine.Option;

/**
 * {@code --no-soak-wait}, of the commands that wait for a deploy ({@code deploy}, {@code sync} and
 * the change commands): by default they wait through the agent's health gate and soak.
 */
public final class SoakWaitOption {
  @Option(
      names = "--no-soak-wait",
      description =
          "Return once the change is applied, without waiting through the agent's health gate and"
              + " soak (a failure during the soak is then seen in mcp status).")
  boolean noSoakWait;

  /** Whether to wait through the agent's health gate and soak until its verdict. */
  public boolean soakWait() {
    return !noSoakWait;
  }
}
