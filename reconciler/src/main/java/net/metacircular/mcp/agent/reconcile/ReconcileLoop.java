package net.metacircular.mcp.agent.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.source.DesiredSource;
import net.metacircular.mcp.agent.source.SourceException;
import net.metacircular.mcp.agent.source.SourceSnapshot;
import net.metacircular.mcp.agent.source.UntrustedCommitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reconciles one at a time on its own thread: on each new revision of the source, every drift
 * interval, and on demand. Requests that arrive while one runs are coalesced into one more run,
 * whose result every waiter gets.
 *
 * <p>Until the source has been read once, nothing is reconciled: with no desired state at all, a
 * plan would prune every managed container.
 */
public final class ReconcileLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

  private final DesiredSource source;
  private final Reconciler reconciler;
  private final Registry registry;

  /** How often a source that keeps failing the same way is mentioned again. */
  static final Duration REMINDER = Duration.ofHours(1);

  private final SourceFailureLog failureLog;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mcp-reconcile");
            t.setDaemon(true);
            return t;
          });

  private final Object lock = new Object();
  private Optional<SourceSnapshot> snapshot = Optional.empty();
  private boolean queued;
  private boolean fetchQueued;
  private boolean fullQueued;
  private Set<String> scopeQueued = new HashSet<>();
  private Set<DeployRequest> deploys = new HashSet<>();
  private List<CompletableFuture<CycleResult>> waiters = new ArrayList<>();
  private final List<ReconcileListener> listeners = new CopyOnWriteArrayList<>();

  public ReconcileLoop(DesiredSource source, Reconciler reconciler, Registry registry) {
    this(source, reconciler, registry, Clock.systemUTC());
  }

  /** With {@code clock} for how long the source has been failing (tests advance it). */
  public ReconcileLoop(
      DesiredSource source, Reconciler reconciler, Registry registry, Clock clock) {
    this.source = source;
    this.reconciler = reconciler;
    this.registry = registry;
    this.failureLog = new SourceFailureLog(clock, REMINDER);
  }

  /**
   * Starts the timers: fetch now and then after each {@code nextPoll} delay (the agent adds a
   * little jitter), and check for drift every {@code drift}.
   */
  public void start(Supplier<Duration> nextPoll, Duration drift) {
    schedulePoll(nextPoll, Duration.ZERO);
    thread.scheduleWithFixedDelay(
        () -> request(false, Set.of()), drift.toMillis(), drift.toMillis(), TimeUnit.MILLISECONDS);
    // A service soaking or in its health gate is looked at every 2 s, not at the drift interval: a
    // failed deploy is rolled back within seconds of its failure.
    thread.scheduleWithFixedDelay(
        () -> reconciler.watched().forEach(this::reconcileService),
        SOAK_LOOK.toMillis(),
        SOAK_LOOK.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** How often a soaking service is looked at. */
  static final Duration SOAK_LOOK = Duration.ofSeconds(2);

  /** Starts the timers with a fixed poll interval. */
  public void start(Duration poll, Duration drift) {
    start(() -> poll, drift);
  }

  private void schedulePoll(Supplier<Duration> poll, Duration delay) {
    if (thread.isShutdown()) {
      return;
    }
    thread.schedule(
        () -> {
          request(true, Set.of());
          schedulePoll(poll, poll.get());
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Fetches now and reconciles; completes with the result (or the fetch's failure). */
  public CompletableFuture<CycleResult> sync() {
    return request(true, Set.of());
  }

  /** Reconciles now with these deploy requests honoured (manual services, forced recreates). */
  public CompletableFuture<CycleResult> deploy(DeployRequest request) {
    return request(false, Set.of(request));
  }

  /** Reconciles now against the last fetched revision (a drift check). */
  public CompletableFuture<CycleResult> reconcileNow() {
    return request(false, Set.of());
  }

  /**
   * Reconciles once more after {@code delay} (e.g. when a suspension runs out), so that the change
   * does not wait for the next drift check; nothing when the loop is stopped.
   */
  public void reconcileAfter(java.time.Duration delay) {
    if (thread.isShutdown()) {
      return;
    }
    thread.schedule(
        () -> request(false, Set.of()), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  /**
   * Reconciles {@code service} alone now, against the last fetched revision: what an event of one
   * of its containers asks for. Coalesced with anything pending: a full cycle already queued covers
   * it, and several services asked for before the next cycle starts are reconciled in one.
   */
  public CompletableFuture<CycleResult> reconcileService(String service) {
    return request(false, Set.of(), Optional.of(service));
  }

  /**
   * Runs {@code work} on the reconcile thread, between cycles: what changes containers outside a
   * plan (a restart) must not be seen half done by a cycle, which would take a container being
   * restarted for one that stopped and "heal" it.
   */
  public <T> T exclusive(java.util.concurrent.Callable<T> work) throws InterruptedException {
    try {
      return thread.submit(work).get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Adds a listener told about every cycle and fetch from now on. */
  public void addListener(ReconcileListener listener) {
    listeners.add(listener);
  }

  /** The desired state of the last cycle (resolved from the last fetched snapshot), if any ran. */
  public Optional<Resolution> lastResolution() {
    return reconciler.lastResolution();
  }

  public Optional<SourceSnapshot> snapshot() {
    synchronized (lock) {
      return snapshot;
    }
  }

  private CompletableFuture<CycleResult> request(boolean fetch, Set<DeployRequest> more) {
    return request(fetch, more, Optional.empty());
  }

  private CompletableFuture<CycleResult> request(
      boolean fetch, Set<DeployRequest> more, Optional<String> service) {
    CompletableFuture<CycleResult> f = new CompletableFuture<>();
    synchronized (lock) {
      waiters.add(f);
      deploys.addAll(more);
      fetchQueued |= fetch;
      fullQueued |= service.isEmpty();
      service.ifPresent(scopeQueued::add);
      if (!queued) {
        queued = true;
        thread.execute(this::runQueued);
      }
    }
    return f;
  }

  private void runQueued() {
    List<CompletableFuture<CycleResult>> mine;
    Set<DeployRequest> myDeploys;
    boolean fetch;
    Optional<Set<String>> scope;
    synchronized (lock) {
      scope = fullQueued ? Optional.empty() : Optional.of(Set.copyOf(scopeQueued));
      fullQueued = false;
      scopeQueued = new HashSet<>();
      queued = false;
      mine = waiters;
      waiters = new ArrayList<>();
      myDeploys = deploys;
      deploys = new HashSet<>();
      fetch = fetchQueued;
      fetchQueued = false;
    }
    long started = System.nanoTime();
    try {
      CycleResult result = cycle(fetch, myDeploys, scope);
      tell(l -> l.cycleFinished(result, Duration.ofNanos(System.nanoTime() - started)));
      mine.forEach(w -> w.complete(result));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mine.forEach(w -> w.completeExceptionally(e));
    } catch (SourceException e) {
      // A source never read: its failure was logged (once, see SourceFailureLog) when fetched; a
      // WARN per poll and per drift tick here would repeat it all day.
      LOG.debug("reconcile skipped: {}", e.getMessage());
      tell(l -> l.cycleFailed(e, Duration.ofNanos(System.nanoTime() - started)));
      mine.forEach(w -> w.completeExceptionally(e));
    } catch (RuntimeException e) {
      LOG.warn("reconcile failed: {}", e.getMessage());
      tell(l -> l.cycleFailed(e, Duration.ofNanos(System.nanoTime() - started)));
      mine.forEach(w -> w.completeExceptionally(e));
    }
  }

  private CycleResult cycle(
      boolean fetch, Set<DeployRequest> myDeploys, Optional<Set<String>> scope)
      throws InterruptedException {
    if (fetch) {
      fetch();
    }
    SourceSnapshot current =
        snapshot()
            .orElseThrow(
                () ->
                    new SourceException(
                        "the source "
                            + source.describe()
                            + " has not been read yet: "
                            + registry.sourceState().lastError().orElse("no fetch done")));
    return reconciler.reconcile(current, myDeploys, scope);
  }

  private void fetch() {
    try {
      SourceSnapshot s = source.fetch();
      Optional<SourceSnapshot> before;
      synchronized (lock) {
        before = snapshot;
        snapshot = Optional.of(s);
      }
      registry.recordFetch(s.revision());
      failureLog.succeeded(source.describe()).ifPresent(line -> LOG.info(line.text()));
      tell(l -> l.fetched(s.revision()));
      if (before.map(b -> !b.revision().equals(s.revision())).orElse(true)) {
        registry.appendEvent(
            NewEvent.ofSource(EventKind.SYNCED, SyncMessage.of(s)).withCommit(s.revision()));
      }
    } catch (UntrustedCommitException e) {
      // The head is refused; the last trusted state stays desired (also after a restart).
      e.lastTrusted()
          .ifPresent(
              t -> {
                synchronized (lock) {
                  if (snapshot.isEmpty()) {
                    snapshot = Optional.of(t);
                  }
                }
              });
      failed(e, EventKind.REJECTED, "refused " + e.getMessage());
    } catch (SourceException e) {
      failed(e, EventKind.FAILED, "fetch failed: " + e.getMessage());
    }
  }

  private void failed(SourceException e, EventKind kind, String event) {
    tell(l -> l.fetchFailed(e.getMessage()));
    String previous = registry.sourceState().lastError().orElse("");
    boolean news = !previous.equals(e.getMessage());
    if (news) {
      registry.appendEvent(NewEvent.ofSource(kind, event)); // the registry logs it as a WARN
    }
    Optional<SourceFailureLog.Line> line = failureLog.failed(source.describe(), e);
    if (!news) {
      line.ifPresent(l -> LOG.warn(l.text())); // a reminder, or news to this process only
    }
    registry.recordSourceError(e.kind().word(), e.getMessage());
    if (snapshot().isEmpty()) {
      throw e;
    }
  }

  private void tell(java.util.function.Consumer<ReconcileListener> call) {
    for (ReconcileListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("a reconcile listener failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
