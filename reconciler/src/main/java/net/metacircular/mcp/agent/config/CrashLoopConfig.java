package net.metacircular.mcp.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code [crash_loop]}: when a container that keeps dying is a crash loop, and how the agent starts
 * it again (see {@code events.CrashLoops}).
 *
 * @param deaths deaths by itself within {@code window} that make a crash loop
 * @param window the window they are counted in
 * @param firstBackoff the wait before the first start, doubled after each start that dies again
 * @param maxBackoff the longest wait between starts
 * @param stable how long a start must stay up to end the loop
 */
public record CrashLoopConfig(
    int deaths, Duration window, Duration firstBackoff, Duration maxBackoff, Duration stable) {
  public static final CrashLoopConfig DEFAULT =
      new CrashLoopConfig(
          5,
          Duration.ofMinutes(5),
          Duration.ofSeconds(10),
          Duration.ofMinutes(5),
          Duration.ofMinutes(1));

  public CrashLoopConfig {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(stable, "stable");
  }
}
