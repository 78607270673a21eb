package net.metacircular.mcp.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacedBodyTest {
  private final AtomicLong now = new AtomicLong(1_000_000);

  /** A body whose every read takes {@code millisPerRead} of the clock, a byte at a time. */
  private InputStream slow(int size, long millisPerRead) {
    return new ByteArrayInputStream(new byte[size]) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        now.addAndGet(millisPerRead);
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  @Test
  void aSmallBodyReadLateIsNotSlow() throws IOException {
    // The request waited for a thread: the clock moved before the route began to read.
    now.addAndGet(120_000);
    try (PacedBody body = new PacedBody(new ByteArrayInputStream(new byte[40]), now::get)) {
      assertThat(body.readAllBytes()).hasSize(40);
    }
  }

  @Test
  void aBodyAtAFewBytesASecondIsRefusedAfterTheGrace() {
    PacedBody body = new PacedBody(slow(100_000, 200), now::get);
    assertThatThrownBy(body::readAllBytes)
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(408))
        .hasMessageContaining("the request body came too slowly");
    // It gave up after the grace, not after the whole body.
    assertThat(now.get() - 1_000_000).isLessThan(PacedBody.GRACE_MILLIS + 1_000);
  }

  @Test
  void aLargeBodyAtAGoodPaceGetsTimeInProportion() throws IOException {
    // 4 MiB at 128 KiB/s: 32 s in all, past the grace alone.
    InputStream in =
        new ByteArrayInputStream(new byte[4 << 20]) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            now.addAndGet(Math.max(n, 0) * 1000L / (128 * 1024));
            return n;
          }
        };
    try (PacedBody body = new PacedBody(in, now::get)) {
      assertThat(body.readAllBytes()).hasSize(4 << 20);
    }
  }
}
