package net.metacircular.mcp.cli.agent;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input that ends every read at the request's deadline: the socket's read timeout is set
 * to what is left before each read, so a slow trickle cannot stretch the wait past {@code
 * --timeout} (one read timeout alone would restart with every byte). {@link #noDeadline} lifts it
 * (the body of an event stream may be silent for hours).
 */
final class DeadlineInput extends FilterInputStream {
  private final Socket socket;
  private long deadlineNanos;
  private boolean bounded = true;

  DeadlineInput(Socket socket, InputStream in, long deadlineNanos) {
    super(in);
    this.socket = socket;
    this.deadlineNanos = deadlineNanos;
  }

  void noDeadline() throws IOException {
    bounded = false;
    socket.setSoTimeout(0);
  }

  @Override
  public int read() throws IOException {
    arm();
    try {
      return super.read();
    } catch (SocketTimeoutException e) {
      throw new ExchangeTimeout(false);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    arm();
    try {
      return super.read(b, off, len);
    } catch (SocketTimeoutException e) {
      throw new ExchangeTimeout(false);
    }
  }

  private void arm() throws IOException {
    if (!bounded) {
      return;
    }
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new ExchangeTimeout(false);
    }
    // At least 1 ms: 0 would mean no timeout at all.
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
  }
}
