package net.metacircular.mcp.cli;

import picocli.CommandLine.Option;

/** The option of commands that commit a change to desired state and push it. */
public final class PushOptions {
  @Option(
      names = "--no-push",
      description = "Commit locally only: no push, so no agent applies it until you push.")
  boolean noPush;

  public boolean noPush() {
    return noPush;
  }
}
