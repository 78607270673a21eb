package net.metacircular.mcp.agent.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a loopback port to the agent's, whose connections the test can cut: {@link #cut}
 * closes every open one and refuses new ones until {@link #mend}. What a dropped network does to a
 * client, on cue. The bytes pass through as they are (TLS end to end), on platform threads of its
 * own: a relay that waits for a virtual thread's carrier would share the stall of whatever else the
 * test JVM runs.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;
  private final AtomicInteger toDrop = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();

  CuttableProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().start(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Closes every connection and refuses new ones. */
  void cut() {
    cut = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /** Accepts connections again. */
  void mend() {
    cut = false;
  }

  /**
   * Closes the next {@code n} connections as soon as they are accepted: a request the browser
   * cannot complete, on cue.
   */
  void dropNext(int n) {
    toDrop.set(n);
  }

  /** How many connections {@link #dropNext} has closed. */
  int dropped() {
    return dropped.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (cut) {
          client.close();
          continue;
        }
        if (toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          dropped.incrementAndGet();
          client.close();
          continue;
        }
        Socket agent = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(agent);
        Thread.ofPlatform().daemon().start(() -> pump(client, agent));
        Thread.ofPlatform().daemon().start(() -> pump(agent, client));
      } catch (IOException e) {
        // the listener was closed, or one connection failed: go on with the next
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed: close the other
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    listener.close();
  }
}
