package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;
import net.metacircular.mcp.schema.api.ErrorCode;

/**
 * A request body that must keep a minimum pace once the route starts reading it: after a grace
 * period, at least {@link #MIN_BYTES_PER_SECOND} on average, else 408. It replaces Jetty's minimum
 * request data rate, which counts from the request's arrival: a small body that came with its
 * request head but waited for a free thread (fifty clients at once) was refused as "slow". Counting
 * from the first read, a body sent a byte at a time still cannot hold a thread for long, and a
 * stalled one is also ended by the connection's idle timeout.
 */
final class PacedBody extends FilterInputStream {
  static final long GRACE_MILLIS = ConnectionLimits.DEFAULT.bodyGrace().toMillis();
  static final long MIN_BYTES_PER_SECOND = 64 * 1024;

  private final LongSupplier clock;
  private final long graceMillis;
  private final long started;
  private long read;

  PacedBody(InputStream in, LongSupplier clock) {
    this(in, GRACE_MILLIS, clock);
  }

  PacedBody(InputStream in, long graceMillis, LongSupplier clock) {
    super(in);
    this.clock = clock;
    this.graceMillis = graceMillis;
    this.started = clock.getAsLong();
  }

  /** The body of the request, with the grace of the server's {@link ConnectionLimits}. */
  static PacedBody of(Context ctx) throws IOException {
    ConnectionLimits limits = ctx.appData(ConnectionLimits.KEY);
    return new PacedBody(
        ctx.req().getInputStream(), limits.bodyGrace().toMillis(), System::currentTimeMillis);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    count(b < 0 ? 0 : 1);
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    count(Math.max(n, 0));
    return n;
  }

  private void count(int n) {
    read += n;
    long elapsed = clock.getAsLong() - started;
    long allowed = graceMillis + read * 1000 / MIN_BYTES_PER_SECOND;
    if (elapsed > allowed) {
      throw new ApiException(
          ErrorCode.INVALID_ARGUMENT,
          408,
          "the request body came too slowly: "
              + read
              + " bytes in "
              + elapsed / 1000
              + " s; a body must arrive within "
              + graceMillis / 1000
              + " s plus one second per "
              + MIN_BYTES_PER_SECOND / 1024
              + " KiB");
    }
  }
}
