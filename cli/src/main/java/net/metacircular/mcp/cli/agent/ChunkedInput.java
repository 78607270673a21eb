package net.metacircular.mcp.cli.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The body of an answer sent with {@code Transfer-Encoding: chunked} (the agent's event and log
 * streams, and answers whose length the agent did not know up front), decoded: the data of each
 * chunk, then the end at the last (empty) chunk, its trailer read and dropped.
 */
final class ChunkedInput extends InputStream {
  private final InputStream in;
  private long left;
  private boolean inChunk;
  private boolean done;

  ChunkedInput(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (left == 0 && !nextChunk()) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new EOFException("the answer ended inside a chunk");
    }
    left -= n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(left, in.available());
  }

  /** Reads the next chunk's size line; false at the last chunk (after its trailer). */
  private boolean nextChunk() throws IOException {
    if (done) {
      return false;
    }
    if (inChunk) {
      // The line end after the last chunk's data, read only now: reading it sooner could wait
      // for bytes the agent has not sent yet while the data is ready to print.
      String crlf = AnswerHead.line(in);
      if (crlf == null || !crlf.isEmpty()) {
        throw new IOException("no line end after a chunk");
      }
    }
    inChunk = true;
    String line = AnswerHead.line(in);
    if (line == null) {
      throw new EOFException("the answer ended before its last chunk");
    }
    int semicolon = line.indexOf(';');
    String size = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
    try {
      left = Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw new IOException("not a chunk size: " + line, e);
    }
    if (left < 0) {
      throw new IOException("not a chunk size: " + line);
    }
    if (left == 0) {
      done = true;
      for (String t = AnswerHead.line(in); t != null && !t.isEmpty(); t = AnswerHead.line(in)) {
        // a trailer field: none the CLI uses
      }
      return false;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
