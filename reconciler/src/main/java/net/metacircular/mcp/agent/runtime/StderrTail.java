package net.metacircular.mcp.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last lines a long-running podman child wrote to stderr, read on a thread of their own until
 * it exits: what it said before it ended is the reason given for the end.
 */
final class StderrTail {
  private static final int LINES = 5;

  private final Deque<String> lines = new ArrayDeque<>();
  private final Thread reader;

  private StderrTail(InputStream stderr) {
    this.reader = new Thread(() -> read(stderr), "mcp-events-stderr");
    reader.setDaemon(true);
  }

  /** Starts reading {@code p}'s stderr. */
  static StderrTail of(Process p) {
    StderrTail tail = new StderrTail(p.getErrorStream());
    tail.reader.start();
    return tail;
  }

  private void read(InputStream stderr) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        synchronized (lines) {
          lines.addLast(line);
          if (lines.size() > LINES) {
            lines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The process was destroyed or its pipe broke: it has ended either way.
    }
  }

  /**
   * Waits until the process's stderr has ended, then gives its last lines: {@code ": …"}, or "".
   */
  String awaitLast() throws InterruptedException {
    reader.join();
    synchronized (lines) {
      return lines.isEmpty() ? "" : ": " + String.join("\n", lines);
    }
  }
}
