package net.metacircular.mcp.agent.events;

import java.time.Duration;
import java.util.Objects;

/**
 * When a container that keeps dying is a crash loop, and how the agent starts it again.
 *
 * @param deaths this many deaths (by itself, not the agent's stop) within {@code window} make a
 *     crash loop; podman's own instant restarts ({@code unless-stopped}, {@code always}) and the
 *     agent's heals both count, since each ends in a death
 * @param window the window the deaths are counted in
 * @param firstBackoff how long after the loop is seen the agent starts it again; doubled after each
 *     start that dies again
 * @param maxBackoff the longest wait between starts
 * @param stable how long a restarted container must stay up for the loop to be over
 */
public record CrashLoopPolicy(
    int deaths, Duration window, Duration firstBackoff, Duration maxBackoff, Duration stable) {
  /**
   * 5 deaths in 5 minutes; started again after 10 s, 20 s, … up to 5 minutes; over after 1 m up.
   */
  public static final CrashLoopPolicy DEFAULT =
      new CrashLoopPolicy(
          5,
          Duration.ofMinutes(5),
          Duration.ofSeconds(10),
          Duration.ofMinutes(5),
          Duration.ofMinutes(1));

  /** The policy {@code [crash_loop]} of the agent's config gives. */
  public static CrashLoopPolicy of(net.metacircular.mcp.agent.config.CrashLoopConfig c) {
    return new CrashLoopPolicy(
        c.deaths(), c.window(), c.firstBackoff(), c.maxBackoff(), c.stable());
  }

  public CrashLoopPolicy {
    if (deaths < 2) {
      throw new IllegalArgumentException("a crash loop needs at least 2 deaths, got " + deaths);
    }
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(stable, "stable");
    if (firstBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException(
          "the first backoff " + firstBackoff + " is longer than the longest " + maxBackoff);
    }
  }

  /** The wait before start number {@code attempt} (1: the first). */
  Duration backoff(int attempt) {
    Duration d = firstBackoff;
    for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
