package net.metacircular.mcp.cli.agent;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * An agent's answer: its status, and its body as a stream that ends where the body ends (chunked,
 * Content-Length, or the connection's end) and closes the connection when closed.
 */
final class HttpsAnswer implements AutoCloseable {
  private final int status;
  private final InputStream body;

  HttpsAnswer(AnswerHead head, InputStream in, Socket socket) throws IOException {
    this.status = head.status();
    InputStream data;
    if (head.chunked()) {
      data = new ChunkedInput(in);
    } else if (head.contentLength() >= 0) {
      data = new Limited(in, head.contentLength());
    } else {
      data = in;
    }
    this.body = new ClosingSocket(data, socket);
  }

  int status() {
    return status;
  }

  boolean ok() {
    return status >= 200 && status < 300;
  }

  InputStream body() {
    return body;
  }

  /** The whole body, then the connection closed. */
  byte[] bytes() throws IOException {
    try (InputStream in = body) {
      return in.readAllBytes();
    }
  }

  @Override
  public void close() throws IOException {
    body.close();
  }

  /** A body of a known length: its end there, and an error if the connection ends before. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long length) {
      super(in);
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("EOF reached while reading");
      }
      left -= n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(left, super.available());
    }
  }

  /** Closing the body closes the connection (one request per connection). */
  private static final class ClosingSocket extends FilterInputStream {
    private final Socket socket;

    ClosingSocket(InputStream in, Socket socket) {
      super(in);
      this.socket = socket;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
