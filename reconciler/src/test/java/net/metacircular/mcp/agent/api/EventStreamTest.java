package net.metacircular.mcp.agent.api;

import static net.metacircular.mcp.agent.api.ApiTestAgent.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/events/stream}: events as they are written, resumed from {@code Last-Event-ID}
 * without a loss, the token only in the header, and clients that stop reading or open too many
 * streams holding neither the registry's writer nor the agent's memory.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventStreamTest {
  private static final ObjectMapper JSON = ApiJson.mapper();

  @TempDir Path tmp;
  private ApiTestAgent a;

  @BeforeEach
  void start() throws IOException {
    a = new ApiTestAgent(tmp, ApiTestAgent.Setup.inMemory("alpha"));
  }

  @AfterEach
  void stop() {
    a.agent.close();
  }

  @Test
  void sendsEventsAsTheyAreWrittenAndResumesFromLastEventIdWithoutALoss() throws Exception {
    append("before the stream");
    List<JsonNode> first = new ArrayList<>();
    try (Sse sse = open(READ, null, "")) {
      assertThat(sse.status).isEqualTo(200);
      assertThat(sse.contentType).startsWith("text/event-stream");
      append("one <img src=x onerror=alert(1)>");
      append("two");
      first.add(sse.next());
      first.add(sse.next());
    }
    assertThat(first)
        .extracting(e -> e.path("message").asText())
        .containsExactly("one <img src=x onerror=alert(1)>", "two");
    // Written while no one listens: a reconnect with the last id it saw gets them, in order.
    append("three");
    append("four");
    try (Sse sse = open(READ, first.get(0).path("id").asText(), "")) {
      assertThat(List.of(sse.next(), sse.next(), sse.next()))
          .extracting(e -> e.path("message").asText())
          .containsExactly("two", "three", "four");
    }
  }

  @Test
  void tailSendsTheNewestFirstAndServiceFilters() throws Exception {
    append("old");
    a.agent.registry().appendEvent(NewEvent.ofService(EventKind.STARTED, "other", "not this"));
    append("newest");
    try (Sse sse = open(READ, null, "?service=web&tail=2")) {
      assertThat(List.of(sse.next(), sse.next()))
          .extracting(e -> e.path("message").asText())
          .containsExactly("old", "newest");
      a.agent.registry().appendEvent(NewEvent.ofService(EventKind.STARTED, "other", "skip"));
      append("live");
      assertThat(sse.next().path("message").asText()).isEqualTo("live");
    }
  }

  @Test
  void theTokenIsReadFromTheHeaderOnly() {
    HttpResponse<String> none = a.send(a.request("/v1/events/stream", null).GET());
    a.assertError(none, 401, "UNAUTHENTICATED");
    HttpResponse<String> inUrl =
        a.send(a.request("/v1/events/stream?token=" + READ + "&access_token=" + READ, null).GET());
    a.assertError(inUrl, 401, "UNAUTHENTICATED");
    HttpResponse<String> badId =
        a.send(a.request("/v1/events/stream", READ).header("Last-Event-ID", "x1").GET());
    a.assertError(badId, 400, "INVALID_ARGUMENT");
  }

  @Test
  void clientsThatNeverReadHoldNeitherTheWriterNorMoreThanTheirSlots() throws Exception {
    List<SSLSocket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < EventStreamRoute.MAX_STREAMS; i++) {
        stalled.add(stalledStream());
      }
      // Every slot is taken (each answered its headers): the next stream is refused, not queued.
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  a.assertError(
                      a.send(a.request("/v1/events/stream", READ).GET()), 503, "UNAVAILABLE"));
      assertThat(a.get("/v1/status", READ).statusCode()).isEqualTo(200);
      // Megabytes of events for readers that read nothing: the writer never waits for them.
      String big = "x".repeat(1000);
      for (int i = 0; i < 3000; i++) {
        append("bulk " + i + " " + big);
      }
    } finally {
      for (SSLSocket s : stalled) {
        s.close();
      }
    }
    // Their threads notice the hang-ups and give the slots back; a new reader gets every event.
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> a.send(a.request("/v1/events?limit=1", READ).GET()).statusCode() == 200);
    Sse sse = null;
    try {
      sse = awaitOpen();
      for (int i = 0; i < 3000; i++) {
        assertThat(sse.next().path("message").asText()).startsWith("bulk " + i + " ");
      }
    } finally {
      if (sse != null) {
        sse.close();
      }
    }
  }

  private Sse awaitOpen() {
    Sse[] out = new Sse[1];
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              Sse s = open(READ, "0", "");
              if (s.status == 200) {
                out[0] = s;
                return true;
              }
              s.close();
              return false;
            });
    return out[0];
  }

  private void append(String message) {
    a.agent.registry().appendEvent(NewEvent.ofService(EventKind.STARTED, "web", message));
  }

  /** Asks for a stream on a raw TLS socket, reads its headers, then never reads again. */
  private SSLSocket stalledStream() throws IOException {
    SSLSocket s =
        (SSLSocket)
            a.certs
                .clientContext()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), a.server.port());
    s.setReceiveBufferSize(4096);
    OutputStream out = s.getOutputStream();
    out.write(
        ("GET /v1/events/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + READ
                + "\r\nLast-Event-ID: 0\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = s.getInputStream();
    in.read(new byte[64]); // the status line has come: the stream holds its slot
    return s;
  }

  private Sse open(String token, String lastEventId, String query) throws Exception {
    HttpRequest.Builder r = a.request("/v1/events/stream" + query, token).GET();
    if (lastEventId != null) {
      r.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> res =
        a.client().send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
    return new Sse(res);
  }

  /** A stream being read: {@link #next} is the next event's data, waited for a minute at most. */
  private static final class Sse implements AutoCloseable {
    final int status;
    final String contentType;
    private final InputStream body;
    private final BufferedReader lines;

    Sse(HttpResponse<InputStream> res) {
      this.status = res.statusCode();
      this.contentType = res.headers().firstValue("Content-Type").orElse("");
      this.body = res.body();
      this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    JsonNode next() throws Exception {
      return CompletableFuture.supplyAsync(this::readEvent).get(60, TimeUnit.SECONDS);
    }

    private JsonNode readEvent() {
      try {
        String id = null;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("data: ")) {
            JsonNode n = JSON.readTree(line.substring(6));
            assertThat(n.path("id").asText()).isEqualTo(id);
            return n;
          }
        }
        throw new AssertionError("the stream ended");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}
