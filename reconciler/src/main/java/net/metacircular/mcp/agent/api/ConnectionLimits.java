package net.metacircular.mcp.agent.api;

import io.javalin.config.Key;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the API lets a slow or silent client hold a connection. Production uses {@link
 * #DEFAULT}; a test of the limits sets them short, so that it proves the cut-off without waiting
 * out half a minute.
 *
 * @param idle a connection with no traffic this long is closed (Jetty's idle timeout: between two
 *     requests, or a request body that stopped coming)
 * @param requestHead a new connection's TLS handshake and first request head, or a request head
 *     once begun, must be in within this ({@link SlowClientGuard}: slowloris)
 * @param bodyGrace a request body may take this long before it must keep {@link PacedBody}'s
 *     minimum pace
 */
public record ConnectionLimits(Duration idle, Duration requestHead, Duration bodyGrace) {
  /** The agent's limits: 30 s idle, 10 s for a request head, 30 s of grace for a body. */
  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30));

  /** Where a request's route finds the limits (Javalin's app data). */
  static final Key<ConnectionLimits> KEY = new Key<>("mcp.connectionLimits");

  public ConnectionLimits {
    positive("idle", idle);
    positive("requestHead", requestHead);
    positive("bodyGrace", bodyGrace);
  }

  private static void positive(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }
}
