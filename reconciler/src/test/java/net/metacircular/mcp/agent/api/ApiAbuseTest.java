package net.metacircular.mcp.agent.api;

import static net.metacircular.mcp.agent.api.ApiTestAgent.ADMIN;
import static net.metacircular.mcp.agent.api.ApiTestAgent.READ;
import static net.metacircular.mcp.agent.api.ApiTestAgent.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.api.ErrorCode;
import net.metacircular.mcp.schema.api.HealthResponse;
import net.metacircular.mcp.schema.api.StatusResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abuse of the HTTPS API by clients that are broken or hostile: malformed bodies, wrong methods,
 * unknown and hostile paths, oversized headers, request lines and bodies, slow and silent clients,
 * a client that does not speak TLS, clients that hang up halfway. Each gets a JSON error with the
 * right code or has its connection closed by the agent; all the while and afterwards, {@code
 * /healthz} and {@code /v1/status} answer; and nothing is changed: no event, no file, no container.
 *
 * <p>The service file is edited after the first sync, so that any request that slipped through to a
 * sync or deploy would recreate the container, and a restart would restart it: both visible.
 */
@RequiresPodman
class ApiAbuseTest {
  /**
   * The connection limits of the slow-client test: the agent's own mechanisms (Jetty's idle
   * timeout, {@code SlowClientGuard}'s request-head deadline, {@code PacedBody}'s grace) with 3 s
   * instead of the production 30 s, 10 s and 30 s ({@link ConnectionLimits#DEFAULT}), so that the
   * test proves each cuts its client off without waiting out half a minute. The other tests keep
   * the defaults: their well-behaved clients must never meet a limit.
   */
  private static final ConnectionLimits SHORT =
      new ConnectionLimits(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));

  /** Far longer than any limit of the agent's (the defaults: 30 s at most). */
  private static final Duration CUT_OFF_AT_THE_LATEST = Duration.ofSeconds(45);

  /** A test whose agent has the {@link #SHORT} connection limits. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  private @interface ShortConnectionLimits {}

  private TestPodman t;
  private ApiTestAgent a;
  private String svc;
  private Baseline before;
  private Watchdog watchdog;

  @BeforeEach
  void setUp(TestPodman podman, @TempDir Path root, TestInfo test) throws Exception {
    t = podman;
    boolean shortLimits =
        test.getTestMethod()
            .map(m -> m.isAnnotationPresent(ShortConnectionLimits.class))
            .orElse(false);
    a =
        new ApiTestAgent(
            root,
            ApiTestAgent.Setup.of(t.prefix(), t.environment())
                .options(o -> shortLimits ? o.withLimits(SHORT) : o));
    svc = t.service("app");
    a.write(svc, a.service(svc, "") + component("app", t.image()));
    a.sync();
    a.write(svc, a.service(svc, "") + component("app", t.image(), "env = { CHANGED = \"1\" }"));
    Files.writeString(Files.createDirectories(a.servicesRoot.resolve(svc)).resolve("kept"), "k");
    before = baseline();
    watchdog = new Watchdog();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      watchdog.stopAndAssertServed();
      assertThat(baseline()).as("the agent's state after the abuse").isEqualTo(before);
    } finally {
      try {
        a.close();
      } finally {
        t.removeAll();
      }
    }
  }

  @Test
  void malformedBodiesAreRefusedNamingWhatIsWrong() throws Exception {
    List<String> bodies =
        List.of(
            "{",
            "[1, 2]",
            "\"app\"",
            "42",
            "{\"component\": 5}",
            "{\"force\": \"maybe\"}",
            "{\"componnet\": \"app\"}",
            "{\"component\": \"app\"} {\"component\": \"app\"}",
            "{\"component\": \"app\"}]",
            "{\"component\": \"app\", \"component\": \"app\"",
            "{\"component\": \"../../x\"}",
            "{\"component\": \"app\u0000\"}",
            "\u00ff\u00fe{}");
    for (String route : List.of("deploy", "restart")) {
      for (String body : bodies) {
        HttpResponse<String> r = a.post("/v1/services/" + svc + "/" + route, body);
        a.assertError(r, 400, "INVALID_ARGUMENT");
        assertThat(message(r)).as(route + " " + body).containsAnyOf("request body", "component");
      }
      byte[] notUtf8 = {'{', '"', 'c', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'};
      HttpResponse<String> r =
          a.send(
              a.request("/v1/services/" + svc + "/" + route, ADMIN)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)));
      a.assertError(r, 400, "INVALID_ARGUMENT");
    }
    for (String body : List.of("garbage", "{\"service\": \"x\"}", "[]")) {
      HttpResponse<String> r = a.post("/v1/sync", body);
      a.assertError(r, 400, "INVALID_ARGUMENT");
      assertThat(message(r)).as(body).contains("body");
    }
    a.assertError(a.post("/v1/sync?wait=perhaps", ""), 400, "INVALID_ARGUMENT");
  }

  @Test
  void wrongMethodsAndUnknownPathsGetJsonErrors() throws Exception {
    List<List<String>> wrongMethods =
        List.of(
            List.of("DELETE", "/v1/status"),
            List.of("GET", "/v1/sync"),
            List.of("PUT", "/v1/events"),
            List.of("PATCH", "/v1/services/" + svc + "/deploy"),
            List.of("POST", "/healthz"),
            List.of("DELETE", "/v1/services/" + svc + "/files/kept"));
    for (List<String> m : wrongMethods) {
      HttpResponse<String> r =
          a.send(
              a.request(m.get(1), ADMIN).method(m.get(0), HttpRequest.BodyPublishers.ofString("")));
      a.assertError(r, 405, "INVALID_ARGUMENT");
      assertThat(message(r)).contains(m.get(0)).contains(m.get(1));
    }
    for (String path :
        List.of("/v1/nope", "/v2/status", "/v1/status/extra", "/v1/services/" + svc + "/nope")) {
      HttpResponse<String> r = a.get(path, READ);
      a.assertError(r, 404, "NOT_FOUND");
      assertThat(message(r)).contains(path);
    }
    try (Raw raw = raw()) {
      JsonNode error =
          raw.assertRefused(
              "BREW /v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 405);
      assertThat(error.path("message").asText()).contains("BREW");
    }
    for (String hostile :
        List.of(
            "/../../etc/passwd",
            "/v1/%2e%2e/%2e%2e/etc/passwd",
            "/v1/status%00",
            "/v1/services/%ff%fe/files/x",
            "*",
            "http://elsewhere.example/v1/status")) {
      try (Raw raw = raw()) {
        raw.assertRefused(
            "GET "
                + hostile
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + READ
                + "\r\nConnection: close\r\n\r\n",
            400,
            404);
      }
    }
  }

  @Test
  void hostileFilePathsAreRefusedAndNothingIsWritten() throws Exception {
    List<String> paths =
        new ArrayList<>(
            List.of(
                "../../outside.txt",
                "..%2F..%2Foutside.txt",
                "%2e%2e/outside.txt",
                "a/%00b",
                "a%5c..%5c..%5coutside.txt",
                "/etc/passwd",
                "a//b",
                ".",
                "x/./y",
                "%zz",
                "%c3%28",
                "%0a",
                "kept/under-a-file"));
    paths.add(String.join("/", Collections.nCopies(40, "d")));
    paths.add("x".repeat(2000));
    for (String p : paths) {
      try (Raw raw = raw()) {
        raw.assertRefused(
            "PUT /v1/services/"
                + svc
                + "/files/"
                + p
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + ADMIN
                + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
            400,
            404);
      }
    }
    for (String service : List.of("..%2F..%2Ftmp", "UPPER", "a%00", "-x")) {
      try (Raw raw = raw()) {
        raw.assertRefused(
            "PUT /v1/services/"
                + service
                + "/files/x HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + ADMIN
                + "\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
            400,
            404);
      }
    }
  }

  @Test
  void oversizedHeadersRequestLinesAndBodiesAreRefused() throws Exception {
    try (Raw raw = raw()) {
      raw.assertOversizedRefused(
          get("/v1/status", "X-Big: " + "b".repeat(64 * 1024) + "\r\n"), 431);
    }
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      many.append("X-H").append(i).append(": v\r\n");
    }
    try (Raw raw = raw()) {
      raw.assertOversizedRefused(get("/v1/status", many.toString()), 431);
    }
    try (Raw raw = raw()) {
      raw.assertOversizedRefused(get("/v1/status?x=" + "a".repeat(100 * 1024), ""), 414, 431);
    }
    // A body larger than it may be: declared, or sent chunked without a length.
    try (Raw raw = raw()) {
      raw.assertRefused(
          "POST /v1/services/"
              + svc
              + "/deploy HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + ADMIN
              + "\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n{",
          413);
    }
    for (String target : List.of("/v1/services/" + svc + "/deploy", "/v1/sync")) {
      try (Raw raw = raw()) {
        raw.send(
            "POST "
                + target
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + ADMIN
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        raw.sendChunked(2 << 20, (byte) ' ');
        raw.assertJsonErrorOrCutOff(413);
      }
    }
    try (Raw raw = raw()) {
      raw.send(
          "PUT /v1/services/"
              + svc
              + "/files/big.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + ADMIN
              + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
      raw.sendChunked((16 << 20) + (1 << 20), (byte) 'x');
      raw.assertJsonErrorOrCutOff(413);
    }
  }

  @Test
  @ShortConnectionLimits
  void slowSilentAndNonTlsClientsAreCutOffWhileOthersAreServed() throws Exception {
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      Map<String, Callable<String>> clients = new java.util.LinkedHashMap<>();
      for (int i = 0; i < 6; i++) {
        clients.put("slowloris " + i, this::slowloris);
      }
      clients.put("silent TCP", () -> silent(false));
      clients.put("silent after the TLS handshake", () -> silent(true));
      clients.put("a body that never comes", this::stalledBody);
      clients.put("a body a byte at a time", this::tricklingBody);
      clients.put("plain HTTP to the TLS port", this::notTls);
      Map<String, Future<String>> running = new java.util.LinkedHashMap<>();
      clients.forEach((what, c) -> running.put(what, pool.submit(() -> timed(what, c))));
      Map<String, String> outcomes = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, Future<String>> f : running.entrySet()) {
        outcomes.put(f.getKey(), f.getValue().get(2, TimeUnit.MINUTES));
      }
      assertThat(outcomes)
          .allSatisfy(
              (what, outcome) -> assertThat(outcome).as(what).isEqualTo("closed by the agent"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void clientsThatHangUpHalfwayLeaveNothingBehind() throws Exception {
    try (Raw raw = raw()) {
      raw.send("GET /v1/sta");
    }
    try (Raw raw = raw()) {
      raw.send(
          "POST /v1/services/"
              + svc
              + "/restart HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + ADMIN
              + "\r\nContent-Length: 100\r\n\r\n{\"compo");
    }
    try (Raw raw = raw()) {
      raw.send(
          "PUT /v1/services/"
              + svc
              + "/files/half.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + ADMIN
              + "\r\nContent-Length: 1048576\r\n\r\n");
      raw.send(new byte[256 * 1024]);
    }
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), a.server.port())) {
      s.setSoLinger(true, 0); // closes with a reset, not a FIN
    }
    try (Raw raw = raw()) {
      raw.socket.setSoLinger(true, 0);
      raw.send(
          "PUT /v1/services/"
              + svc
              + "/files/reset.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + ADMIN
              + "\r\nContent-Length: 1048576\r\n\r\n");
      raw.send(new byte[64 * 1024]);
    }
    // The agent notices the hang-ups in its own time; a partial file must be gone by then.
    assertThat(a.get("/v1/status", READ).statusCode()).isEqualTo(200);
    awaitNoPartialFiles();
  }

  /** Runs a client, telling how long the agent let it go on (for the log, not asserted). */
  private static String timed(String what, Callable<String> client) throws Exception {
    long start = System.nanoTime();
    String outcome = client.call();
    System.out.printf(
        "%s: %s after %d ms%n",
        what, outcome, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return outcome;
  }

  // --- the clients ---------------------------------------------------------------------------

  /** Sends a request's head a byte at a time, never finishing it. */
  private String slowloris() throws IOException {
    try (Raw raw = raw()) {
      byte[] head =
          ("GET /v1/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + READ + "\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      return raw.trickle(head, true);
    }
  }

  /** Connects and sends nothing: plain TCP (no TLS handshake), or TLS and then nothing. */
  private String silent(boolean handshake) throws IOException {
    try (Socket s =
        handshake ? raw().socket : new Socket(InetAddress.getLoopbackAddress(), a.server.port())) {
      if (s instanceof SSLSocket ssl) {
        ssl.startHandshake();
      }
      return awaitClose(s);
    }
  }

  /** Declares a body and never sends it. */
  private String stalledBody() throws IOException {
    try (Raw raw = raw()) {
      raw.send(
          "POST /v1/services/"
              + svc
              + "/deploy HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + ADMIN
              + "\r\nContent-Length: 50\r\n\r\n{");
      return awaitClose(raw.socket);
    }
  }

  /** Sends a file's content a byte at a time. */
  private String tricklingBody() throws IOException {
    try (Raw raw = raw()) {
      raw.send(
          "PUT /v1/services/"
              + svc
              + "/files/slow.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + ADMIN
              + "\r\nContent-Length: 100000\r\n\r\n");
      return raw.trickle(new byte[100_000], false);
    }
  }

  /** Speaks plain HTTP to the TLS port. */
  private String notTls() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), a.server.port())) {
      s.getOutputStream()
          .write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = awaitClose(s);
      return answer;
    }
  }

  private static String awaitClose(Socket s) throws IOException {
    s.setSoTimeout((int) CUT_OFF_AT_THE_LATEST.toMillis());
    InputStream in = s.getInputStream();
    try {
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // Whatever the agent says before it closes (a TLS alert, a 408) is fine.
      }
      return "closed by the agent";
    } catch (SocketTimeoutException e) {
      return "still open after " + CUT_OFF_AT_THE_LATEST;
    } catch (SocketException e) {
      return "closed by the agent"; // reset
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static String get(String target, String headers) {
    return "GET "
        + target
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
        + READ
        + "\r\n"
        + headers
        + "Connection: close\r\n\r\n";
  }

  private String message(HttpResponse<String> r) {
    return a.tree(r).path("message").asText();
  }

  private Raw raw() throws IOException {
    return new Raw(
        (SSLSocket)
            a.certs
                .clientContext()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), a.server.port()));
  }

  private void awaitNoPartialFiles() throws Exception {
    Path dir = a.servicesRoot.resolve(svc);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(partials(dir)).as("partial files left behind").isEmpty());
  }

  private static List<Path> partials(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".partial")).toList();
    }
  }

  /** What must not change: the events, the containers and the files under the services root. */
  private record Baseline(List<Long> events, List<String> containers, List<String> files) {}

  private Baseline baseline() throws IOException {
    List<Long> events =
        a.agent.registry().events(EventQuery.recent(EventQuery.MAX_LIMIT)).stream()
            .map(Event::id)
            .toList();
    List<String> containers =
        t.containers().stream()
            .map(
                (ObservedContainer c) ->
                    c.name() + " " + c.id() + " " + c.state() + " " + c.startedAt().orElse(null))
            .sorted()
            .toList();
    List<String> files;
    try (Stream<Path> s = Files.walk(a.servicesRoot)) {
      files =
          s.map(p -> a.servicesRoot.relativize(p) + " " + (Files.isRegularFile(p) ? size(p) : "/"))
              .sorted()
              .toList();
    }
    return new Baseline(events, containers, files);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /** One raw HTTP/1.1 exchange over TLS, for requests no well-behaved client sends. */
  private static final class Raw implements AutoCloseable {
    final SSLSocket socket;
    private final OutputStream out;
    private boolean cutOff;

    Raw(SSLSocket socket) throws IOException {
      this.socket = socket;
      socket.setSoTimeout((int) CUT_OFF_AT_THE_LATEST.toMillis());
      this.out = socket.getOutputStream();
    }

    void send(String s) throws IOException {
      send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] b) throws IOException {
      out.write(b);
      out.flush();
    }

    /** {@code total} bytes as 64 KiB chunks, then the last chunk; stops if the agent hangs up. */
    void sendChunked(int total, byte fill) throws IOException {
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, fill);
      try {
        for (int sent = 0; sent < total; sent += chunk.length) {
          send(Integer.toHexString(chunk.length) + "\r\n");
          send(chunk);
          send("\r\n");
        }
        send("0\r\n\r\n");
      } catch (SocketException e) {
        // The agent answered and closed before the body was all sent: the answer is to be read.
        cutOff = true;
      }
    }

    /**
     * Sends more than the agent takes (it may answer and close before it is all sent), then as
     * {@link #assertJsonErrorOrCutOff}.
     */
    void assertOversizedRefused(String request, int... statuses) throws IOException {
      try {
        send(request);
      } catch (SocketException e) {
        cutOff = true;
      }
      assertJsonErrorOrCutOff(statuses);
    }

    /**
     * As {@link #assertJsonError}, but if the agent closed the connection while the request was
     * still being sent, its answer may have been lost to TCP (a reset discards what the client had
     * not read yet): then the close is the refusal.
     */
    void assertJsonErrorOrCutOff(int... statuses) throws IOException {
      String answer = new String(readAll(), StandardCharsets.UTF_8);
      if (cutOff && !answer.contains("\r\n\r\n")) {
        System.out.println("closed by the agent while the request was sent; no answer to read");
        return;
      }
      assertJsonError(answer, statuses);
    }

    /**
     * Sends {@code bytes} one at a time, half a second apart, then (if {@code forever}) header
     * lines without end, until the agent closes the connection.
     */
    String trickle(byte[] bytes, boolean forever) throws IOException {
      socket.setSoTimeout(500);
      long until = System.nanoTime() + CUT_OFF_AT_THE_LATEST.toNanos();
      InputStream in = socket.getInputStream();
      int i = 0;
      try {
        while (System.nanoTime() < until) {
          byte next;
          if (i < bytes.length) {
            next = bytes[i];
          } else if (forever) {
            next = (byte) "X-Slow: z\r\n".charAt((i - bytes.length) % 11);
          } else {
            return "sent everything";
          }
          i++;
          out.write(next);
          out.flush();
          try {
            int first = in.read();
            if (first < 0) {
              return "closed by the agent";
            }
            return answerThenClose(first);
          } catch (SocketTimeoutException e) {
            // Still open: go on.
          }
        }
        return "still open after " + CUT_OFF_AT_THE_LATEST;
      } catch (SocketException e) {
        return "closed by the agent";
      }
    }

    /**
     * An answer before the close is fine if it is a JSON error with a 4xx status (a 408 for a slow
     * body), not a 500 for what is the client's fault.
     */
    private String answerThenClose(int first) throws IOException {
      socket.setSoTimeout((int) CUT_OFF_AT_THE_LATEST.toMillis());
      String response = (char) first + new String(readAll(), StandardCharsets.UTF_8);
      String statusLine = response.lines().findFirst().orElse("");
      String[] words = statusLine.split(" ", 3);
      boolean clientError = words.length >= 2 && words[1].startsWith("4");
      boolean json = response.contains("\"code\":\"" + ErrorCode.INVALID_ARGUMENT.name() + "\"");
      return clientError && json ? "closed by the agent" : "answered " + response;
    }

    /**
     * Sends a whole request (saying {@code Connection: close}), reads the answer and checks it is a
     * JSON error with one of {@code statuses}.
     */
    JsonNode assertRefused(String request, int... statuses) throws IOException {
      send(request);
      return assertJsonError(statuses);
    }

    /** Reads the answer (the request said Connection: close) and checks it is a JSON error. */
    JsonNode assertJsonError(int... statuses) throws IOException {
      return assertJsonError(new String(readAll(), StandardCharsets.UTF_8), statuses);
    }

    private static JsonNode assertJsonError(String response, int... statuses) throws IOException {
      int headEnd = response.indexOf("\r\n\r\n");
      assertThat(headEnd).as("an HTTP answer: %s", response).isPositive();
      String head = response.substring(0, headEnd);
      String body = response.substring(headEnd + 4);
      int status = Integer.parseInt(head.split(" ", 3)[1]);
      assertThat(status).as(head).isIn(Arrays.stream(statuses).boxed().toList());
      assertThat(head.toLowerCase(Locale.ROOT)).contains("content-type: application/json");
      if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = dechunk(body);
      }
      JsonNode n = ApiJson.mapper().readTree(body);
      assertThat(n.path("code").asText()).as(body).isEqualTo(Errors.codeFor(status).name());
      assertThat(n.path("message").asText()).as(body).isNotBlank();
      return n;
    }

    private byte[] readAll() throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          all.write(buf, 0, n);
        }
      } catch (SocketException e) {
        // A reset after the answer: what came before it counts.
      }
      return all.toByteArray();
    }

    private static String dechunk(String chunked) {
      StringBuilder out = new StringBuilder();
      int at = 0;
      while (true) {
        int eol = chunked.indexOf("\r\n", at);
        int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
        if (size == 0) {
          return out.toString();
        }
        out.append(chunked, eol + 2, eol + 2 + size);
        at = eol + 2 + size + 2;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * Asks {@code /healthz} and {@code /v1/status} twice a second while a test runs, each within 10
   * s: a liveness bound for "the agent still answers", far above any normal answer.
   */
  private final class Watchdog {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = a.client();
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "abuse-watchdog");
              t.setDaemon(true);
              return t;
            });

    Watchdog() {
      timer.scheduleWithFixedDelay(this::ask, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void ask() {
      if (stop.get()) {
        return;
      }
      try {
        HttpResponse<String> h = http.send(request("/healthz", null), ofString());
        HttpResponse<String> s = http.send(request("/v1/status", READ), ofString());
        if (h.statusCode() != 200
            || !"ok".equals(a.read(h, HealthResponse.class).status())
            || s.statusCode() != 200
            || !a.read(s, StatusResponse.class).node().equals(a.node)) {
          failures.add(h.statusCode() + " " + h.body() + " / " + s.statusCode() + " " + s.body());
        } else {
          served.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException | AssertionError e) {
        failures.add(e.toString());
      }
    }

    private HttpRequest request(String path, String token) {
      return a.request(path, token).timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
      return HttpResponse.BodyHandlers.ofString();
    }

    void stopAndAssertServed() throws Exception {
      stop.set(true);
      timer.shutdown();
      assertThat(timer.awaitTermination(30, TimeUnit.SECONDS)).as("the watchdog stopped").isTrue();
      assertThat(failures).as("answers of /healthz and /v1/status during the abuse").isEmpty();
      assertThat(served.get()).as("answers of /healthz and /v1/status").isPositive();
      assertThat(a.get("/healthz", null).statusCode()).isEqualTo(200);
      assertThat(a.get("/v1/status", READ).statusCode()).isEqualTo(200);
    }
  }
}
