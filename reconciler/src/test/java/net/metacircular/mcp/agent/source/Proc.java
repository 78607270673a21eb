package net.metacircular.mcp.agent.source;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/** Runs programs for the git tests. */
final class Proc {
  private Proc() {}

  /** Runs to completion; its output, or an AssertionError with it. */
  static String run(Path dir, Map<String, String> env, List<String> argv) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + argv);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(argv + " failed (exit " + p.exitValue() + "): " + text);
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + argv + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + argv, e);
    }
  }

  /** Starts a long-running program with its output going to {@code log}. */
  static Process start(Path dir, List<String> argv, Path log) {
    try {
      return new ProcessBuilder(argv)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + argv + ": " + e, e);
    }
  }

  /** Stops a program this test started and waits for it. */
  static void stop(Process p) {
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError("no free port: " + e, e);
    }
  }

  /** Waits until something listens on 127.0.0.1:port, or fails with the program's log. */
  static void awaitPort(int port, Process p, Path log, Duration timeout) {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new AssertionError("program exited (" + p.exitValue() + "): " + read(log));
                }
                return listens(port);
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "nothing listens on port " + port + " after " + timeout + ": " + read(log), e);
    }
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no log)";
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }
}
