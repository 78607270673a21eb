package net.metacircular.mcp.cli.agent;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes a throw-away P-256 key pair on a second thread while the CLI reads its CA and sets up TLS,
 * so that the handshake's own P-256 key share (which the JDK's client always offers) finds the
 * curve's arithmetic ready. On JDK 22 and later the first P-256 operation of a JVM builds a table
 * of 60 multiples of the curve's generator, interpreted: about 60 ms of a cold {@code mcp ps},
 * which otherwise runs on the main thread in the middle of the handshake (docs/benchmarks.md,
 * section 3). The table is built once per JVM, under its class's initialisation lock, so the main
 * thread either finds it built or waits for the rest; nothing is computed twice.
 */
final class KeyShareWarmup {
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private KeyShareWarmup() {}

  /** Starts it, once per JVM; a failure is the handshake's to report, not this thread's. */
  static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("mcp-tls-warmup")
        .start(
            () -> {
              try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                g.generateKeyPair();
              } catch (GeneralSecurityException | RuntimeException e) {
                // The handshake makes its own key share and says what fails there.
              }
            });
  }
}
