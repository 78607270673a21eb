package net.metacircular.mcp.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events/stream[?service=&tail=N]} with {@code Last-Event-ID}: the agent's events as
 * server-sent events, oldest first, as they are written. Each stream reads the registry from its
 * own cursor (the events table's id, sent as the SSE {@code id}), so a client that reconnects with
 * {@code Last-Event-ID} misses nothing, and a slow client holds no queue: it is behind in the
 * table, not in memory. A stream writes at most {@link #BATCH} events at a time; a client that
 * stops reading blocks only its own thread until Jetty's idle timeout closes the connection. A
 * comment line every {@link #HEARTBEAT_MILLIS} keeps proxies from closing a quiet stream and finds
 * clients that went away. At most {@link #MAX_STREAMS} streams are open at once, so that streams
 * cannot take every thread of the API.
 */
final class EventStreamRoute {
  private static final Logger LOG = LoggerFactory.getLogger(EventStreamRoute.class);

  static final int MAX_STREAMS = 16;
  static final int BATCH = 100;
  static final int MAX_TAIL = 1000;
  static final long HEARTBEAT_MILLIS = 15_000;

  /** How often a waiting stream looks at the registry even without a signal. */
  private static final long RECHECK_MILLIS = 1_000;

  /** What a browser's or the CLI's EventSource-like reader waits before reconnecting. */
  private static final long RETRY_MILLIS = 3_000;

  private final ApiContext api;
  private final EventSignal signal;
  private final Semaphore slots = new Semaphore(MAX_STREAMS);

  EventStreamRoute(ApiContext api, EventSignal signal) {
    this.api = api;
    this.signal = signal;
  }

  void handle(Context ctx) throws IOException, InterruptedException {
    Optional<String> service =
        Optional.ofNullable(ctx.queryParam("service"))
            .filter(s -> !s.isEmpty())
            .map(s -> ApiContext.name("service", s));
    int tail = Requests.integer(ctx, "tail", 0, 0, MAX_TAIL);
    long cursor = start(ctx.header("Last-Event-ID"), tail, service);
    if (!slots.tryAcquire()) {
      throw ApiException.unavailable(
          "too many event streams are open on this agent ("
              + MAX_STREAMS
              + "); close one (mcp events --follow, a /ui/ tab) or try again later");
    }
    try {
      stream(ctx.res(), cursor, service);
    } finally {
      slots.release();
    }
  }

  /** The id after which to start: Last-Event-ID, or {@code tail} events back from the newest. */
  private long start(String lastEventId, int tail, Optional<String> service) {
    if (lastEventId != null && !lastEventId.isBlank()) {
      try {
        long id = Long.parseLong(lastEventId.trim());
        if (id >= 0) {
          return id;
        }
      } catch (NumberFormatException e) {
        // Refused below.
      }
      throw ApiException.invalid(
          "Last-Event-ID: "
              + lastEventId
              + " is not an event id (the id: line of an event this stream sent)");
    }
    EventQuery newest = EventQuery.recent(tail + 1);
    if (service.isPresent()) {
      newest = newest.forService(service.get());
    }
    List<Event> recent = api.registry().events(newest);
    if (recent.isEmpty()) {
      return 0;
    }
    // The newest `tail` are sent; the stream starts after the one before them (or the newest).
    return recent.size() > tail ? recent.get(tail).id() : recent.getLast().id() - 1;
  }

  private void stream(HttpServletResponse res, long cursor, Optional<String> service)
      throws IOException, InterruptedException {
    res.setStatus(200);
    res.setContentType("text/event-stream;charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Accel-Buffering", "no");
    OutputStream out = res.getOutputStream();
    write(out, "retry: " + RETRY_MILLIS + "\n: events of node " + api.node() + "\n\n");
    long lastWrite = System.nanoTime();
    long seen = signal.seen();
    try {
      while (!signal.closed()) {
        List<Event> batch = api.registry().eventsAfter(cursor, BATCH);
        StringBuilder text = new StringBuilder();
        for (Event e : batch) {
          cursor = e.id();
          if (service.isEmpty() || service.equals(e.service())) {
            text.append(frame(e));
          }
        }
        if (!text.isEmpty()) {
          write(out, text.toString());
          lastWrite = System.nanoTime();
        }
        if (batch.size() == BATCH) {
          continue; // more to send at once
        }
        if ((System.nanoTime() - lastWrite) / 1_000_000 >= HEARTBEAT_MILLIS) {
          write(out, ": heartbeat\n\n");
          lastWrite = System.nanoTime();
        }
        seen = signal.await(seen, RECHECK_MILLIS);
      }
    } catch (IOException e) {
      // The client went away or stopped reading (Jetty's idle timeout): the stream ends.
      LOG.debug("event stream ended at event {}: {}", cursor, e.toString());
    }
  }

  private String frame(Event e) throws JsonProcessingException {
    // The JSON has no raw newline (Jackson escapes them in strings), so it is one data: line.
    return "id: " + e.id() + "\ndata: " + api.json().writeValueAsString(Views.event(e)) + "\n\n";
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
