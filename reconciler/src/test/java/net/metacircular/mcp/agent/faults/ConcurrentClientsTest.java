package net.metacircular.mcp.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.api.ActionResult;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.StatusResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 API clients at once (status, ps, sync, deploy, services, events), each with its own
 * connections, against a real agent with real TLS and tokens, while commits arrive and services are
 * deployed, for a bounded time and a bounded number of requests. Every answer is a 200 or one of
 * the documented errors; nothing hangs; the agent ends converged on the last commit, one container
 * per component, with a sound registry.
 */
@RequiresPodman
@RequiresExecutables("git")
class ConcurrentClientsTest {
  private static final int CLIENTS = 50;
  private static final int REQUESTS_PER_CLIENT = 25;
  private static final Duration LOAD = Duration.ofSeconds(30);
  private static final int MAX_COMMITS = 12;
  private static final Duration COMMIT_EVERY = Duration.ofSeconds(2);

  /** Far beyond any honest answer here: a request that takes this long is stuck. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private static final int STABLE = 6;

  enum Kind {
    STATUS,
    PS,
    SYNC,
    DEPLOY,
    SERVICES,
    EVENTS
  }

  /**
   * The answers docs/reference/api.md allows besides 200: a deploy of a service that the last
   * reconciled commit does not declare (a commit removed it, or the one adding it is not applied
   * yet) is NOT_FOUND; a reconcile that cannot run or outlasts the wait is UNAVAILABLE.
   */
  private static final Map<Kind, Set<String>> DOCUMENTED_ERRORS =
      Map.of(
          Kind.SYNC, Set.of("503 UNAVAILABLE"),
          Kind.DEPLOY, Set.of("404 NOT_FOUND", "503 UNAVAILABLE"));

  private final Map<Kind, Map<String, AtomicInteger>> tally = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  /** Request durations by kind, in milliseconds: reported, not asserted (machines are noisy). */
  private final Map<Kind, LongSummaryStatistics> millis = new ConcurrentHashMap<>();

  private GitApiAgent a;
  private TestPodman t;
  private String first;
  private String second;

  /** What the services repository holds: file name → text, as the committer changed it. */
  private final Map<String, String> desired = new ConcurrentHashMap<>();

  /** Every service name ever committed, removed ones included: deploy targets. */
  private final List<String> everNamed = new CopyOnWriteArrayList<>();

  private String stable(int i) {
    return t.service("s" + i);
  }

  private void commit(String message, String service, String text) {
    Map<String, String> change = new TreeMap<>();
    change.put(service + ".toml", text);
    a.remote.commit(message, change);
    if (text == null) {
      desired.remove(service + ".toml");
    } else {
      desired.put(service + ".toml", text);
    }
  }

  /**
   * One commit every two seconds until the deadline or {@link #MAX_COMMITS}: a new service, an
   * image bump, a removal, in turn.
   *
   * @return how many were made
   */
  private int commitWhile(long deadline) throws Exception {
    List<String> added = new ArrayList<>();
    AtomicInteger made = new AtomicInteger();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      timer.scheduleWithFixedDelay(
          () -> {
            try {
              commitNext(made.getAndIncrement(), added);
              if (System.nanoTime() >= deadline || made.get() >= MAX_COMMITS) {
                done.complete(made.get());
              }
            } catch (RuntimeException | AssertionError e) {
              done.completeExceptionally(e);
            }
          },
          COMMIT_EVERY.toMillis(),
          COMMIT_EVERY.toMillis(),
          TimeUnit.MILLISECONDS);
      return done.get(LOAD.plusMinutes(1).toSeconds(), TimeUnit.SECONDS);
    } finally {
      timer.shutdownNow();
    }
  }

  private void commitNext(int made, List<String> added) {
    switch (made % 3) {
      case 0 -> {
        String svc = t.service("n" + made);
        everNamed.add(svc);
        added.add(svc);
        commit("add " + svc, svc, a.service(svc, first, ""));
      }
      case 1 -> {
        String svc = stable(made % STABLE);
        boolean onFirst = desired.get(svc + ".toml").contains(first + "\"");
        commit("bump " + svc, svc, a.service(svc, onFirst ? second : first, ""));
      }
      default -> commit("remove " + added.get(0), added.remove(0), null);
    }
  }

  private HttpRequest.Builder request(Kind kind, Random random) {
    return switch (kind) {
      case STATUS -> a.request("/v1/status", GitApiAgent.READ, REQUEST_TIMEOUT).GET();
      case PS -> a.request("/v1/ps", GitApiAgent.READ, REQUEST_TIMEOUT).GET();
      case SERVICES -> a.request("/v1/services", GitApiAgent.READ, REQUEST_TIMEOUT).GET();
      case EVENTS -> a.request("/v1/events?limit=50", GitApiAgent.READ, REQUEST_TIMEOUT).GET();
      case SYNC ->
          a.request("/v1/sync", GitApiAgent.ADMIN, REQUEST_TIMEOUT)
              .POST(HttpRequest.BodyPublishers.noBody());
      case DEPLOY -> {
        String svc = everNamed.get(random.nextInt(everNamed.size()));
        String body = random.nextInt(4) == 0 ? "{\"force\": true}" : "";
        yield a.request("/v1/services/" + svc + "/deploy", GitApiAgent.ADMIN, REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
      }
    };
  }

  /** One client: its own HttpClient, kinds in turn, until the deadline or its request budget. */
  private void client(int index, long deadline) {
    HttpClient http = a.client();
    Random random = new Random(index);
    for (int i = 0; i < REQUESTS_PER_CLIENT && System.nanoTime() < deadline; i++) {
      Kind kind = Kind.values()[(index + i) % Kind.values().length];
      String outcome;
      long sent = System.nanoTime();
      try {
        HttpResponse<String> r =
            http.send(request(kind, random).build(), HttpResponse.BodyHandlers.ofString());
        outcome = judge(kind, r);
      } catch (IOException e) {
        outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
        problems.add(kind + ": " + outcome);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      LongSummaryStatistics took = millis.computeIfAbsent(kind, k -> new LongSummaryStatistics());
      synchronized (took) {
        took.accept(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
      }
      tally
          .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
          .computeIfAbsent(outcome, o -> new AtomicInteger())
          .incrementAndGet();
    }
  }

  /** The outcome's name ("200", "404 NOT_FOUND"); anything not allowed is a problem. */
  private String judge(Kind kind, HttpResponse<String> r) {
    if (r.statusCode() == 200) {
      if (kind == Kind.SYNC || kind == Kind.DEPLOY) {
        for (ActionResult x : a.read(r, ReconcileResponse.class).actions()) {
          if (x.result().equals("failed")) {
            problems.add(kind + ": a failed action: " + x.message());
          }
        }
      }
      return "200";
    }
    String code = a.tree(r).path("code").asText("(no code)");
    String outcome = r.statusCode() + " " + code;
    if (!DOCUMENTED_ERRORS.getOrDefault(kind, Set.of()).contains(outcome)) {
      problems.add(kind + ": " + outcome + ": " + r.body());
    }
    return outcome;
  }

  private Map<String, ObservedContainer> mine() {
    return t.containers().stream()
        .filter(c -> c.ownedBy(t.prefix()))
        .collect(Collectors.toMap(ObservedContainer::name, c -> c));
  }

  @Test
  void fiftyClientsWhileCommitsArriveGetOnlyDocumentedAnswersAndTheAgentConverges(
      TestPodman t, @TempDir Path root) throws Exception {
    this.t = t;
    this.first = t.image();
    this.second = t.image("2");
    long started = System.nanoTime();
    try (GitApiAgent agent = new GitApiAgent(t, root, "")) {
      this.a = agent;
      Map<String, String> six = new TreeMap<>();
      for (int i = 0; i < STABLE; i++) {
        everNamed.add(stable(i));
        six.put(stable(i) + ".toml", a.service(stable(i), first, ""));
      }
      a.remote.commit("six services", six);
      desired.putAll(six);
      assertThat(a.post("/v1/sync", "", REQUEST_TIMEOUT).statusCode()).isEqualTo(200);

      long deadline = System.nanoTime() + LOAD.toNanos();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
      int commits;
      try {
        Future<Integer> committer = pool.submit(() -> commitWhile(deadline));
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          int index = i;
          clients.add(pool.submit(() -> client(index, deadline)));
        }
        // Every request has its own two-minute timeout; the whole load must end well within a
        // few of them, or something is stuck.
        for (Future<?> f : clients) {
          f.get(5, TimeUnit.MINUTES);
        }
        commits = committer.get(1, TimeUnit.MINUTES);
      } finally {
        pool.shutdownNow();
      }
      long loadSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      System.out.printf(
          "ConcurrentClientsTest: %d commits; answers by kind %s; milliseconds by kind %s; %d s"
              + " so far%n",
          commits, new TreeMap<>(tally), new TreeMap<>(millis), loadSeconds);
      assertThat(problems).as("answers outside the documented ones").isEmpty();
      assertThat(commits).as("commits arrived during the load").isGreaterThanOrEqualTo(3);
      for (Kind kind : Kind.values()) {
        assertThat(tally.getOrDefault(kind, Map.of()).getOrDefault("200", new AtomicInteger()))
            .as(kind + " answered 200 at least once")
            .hasPositiveValue();
      }

      // Converged on the last commit: one more sync applies it, the next has nothing to do.
      String last = a.remote.head();
      HttpResponse<String> r = a.post("/v1/sync", "", REQUEST_TIMEOUT);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(a.read(r, ReconcileResponse.class).commit()).isEqualTo(last);
      ReconcileResponse again =
          a.read(a.post("/v1/sync", "", REQUEST_TIMEOUT), ReconcileResponse.class);
      assertThat(again.actions()).as("nothing left to do").isEmpty();

      Map<String, String> images = new TreeMap<>();
      desired.forEach(
          (file, text) ->
              images.put(
                  file.replaceFirst("\\.toml$", "") + "-api",
                  text.contains(second + "\"") ? second : first));
      Map<String, ObservedContainer> now = mine();
      assertThat(now.keySet()).containsExactlyInAnyOrderElementsOf(images.keySet());
      now.values()
          .forEach(
              c -> {
                assertThat(c.running()).as(c.name()).isTrue();
                assertThat(c.image()).as(c.name()).isEqualTo(images.get(c.name()));
              });
      Map<String, Long> perComponent =
          t.containers().stream()
              .filter(c -> c.managed())
              .collect(
                  Collectors.groupingBy(
                      c ->
                          c.label(Labels.SERVICE).orElse("")
                              + "/"
                              + c.label(Labels.COMPONENT).orElse(""),
                      Collectors.counting()));
      assertThat(perComponent.values()).as("one container per component").containsOnly(1L);
      assertThat(t.containers()).hasSize(images.size());

      StatusResponse status = a.read(a.get("/v1/status", REQUEST_TIMEOUT), StatusResponse.class);
      assertThat(status.healthy()).isTrue();
      assertThat(status.source().appliedCommit()).isEqualTo(last);
      assertThat(status.services()).hasSize(images.size());
      assertThat(status.services())
          .allSatisfy(
              s -> {
                assertThat(s.desiredCommit()).as(s.name()).isEqualTo(last);
                assertThat(s.drift()).as(s.name()).isFalse();
                assertThat(s.outOfSync()).as(s.name()).isFalse();
                assertThat(s.error()).as(s.name()).isNull();
              });
      assertThat(a.agent.registry().events(EventQuery.recent(10_000)))
          .as("nothing failed: no action, no fetch")
          .noneMatch(e -> e.kind() == EventKind.FAILED);
      assertThat(a.integrityCheck()).isEqualTo("ok");
    }
    System.out.printf(
        "ConcurrentClientsTest: %d s in all%n",
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
  }
}
