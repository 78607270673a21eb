package net.metacircular.mcp.agent.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import net.metacircular.mcp.agent.files.PrivateFiles;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The agent's SQLite registry: what was last applied, from which commit, and the event history.
 *
 * <p>{@link #open} checks the file (refusing one that is not a healthy registry, or one written by
 * a newer mcp-agent), then applies pending migrations. The database runs in WAL mode with a busy
 * timeout, so this object is safe to use from several threads and while {@link #snapshot} copies
 * it. Each method of {@link RegistryAccess} runs in a transaction of its own; {@link
 * #inTransaction} groups several. Times come from the injected clock, stored at millisecond
 * precision.
 */
public final class Registry implements RegistryAccess, AutoCloseable {
  private static final org.slf4j.Logger EVENTS = org.slf4j.LoggerFactory.getLogger("mcp.events");

  /** How long a writer waits for another writer's lock before failing. */
  public static final int BUSY_TIMEOUT_MILLIS = 5000;

  /** Idle connections kept for reuse. */
  private static final int MAX_IDLE_CONNECTIONS = 4;

  private static final ThreadLocal<Registry> IN_TRANSACTION = new ThreadLocal<>();

  private final Path file;
  private final Clock clock;
  private final java.util.List<java.util.function.Consumer<NewEvent>> newEventListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.List<java.util.function.Consumer<EventKind>> eventListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Jdbi jdbi;
  private final ConnectionPool pool;
  private final Connection keeper;
  private final int schemaVersion;
  private volatile boolean closed;

  private Registry(
      Path file,
      Clock clock,
      Jdbi jdbi,
      ConnectionPool pool,
      Connection keeper,
      int schemaVersion) {
    this.file = file;
    this.clock = clock;
    this.jdbi = jdbi;
    this.pool = pool;
    this.keeper = keeper;
    this.schemaVersion = schemaVersion;
  }

  /**
   * Opens the registry at {@code dbFile}, creating a fresh one if the file does not exist, and
   * migrates it to the latest schema.
   *
   * @throws RegistryException CORRUPT when the file is not a healthy mcp-agent registry (it is left
   *     untouched; the message gives the recovery steps), NEWER_SCHEMA when a newer mcp-agent wrote
   *     it, IO when it cannot be read or written
   */
  public static Registry open(Path dbFile, Clock clock) {
    Path file = Check.present("registry file", dbFile).toAbsolutePath();
    Check.present("clock", clock);
    Migrations migrations = Migrations.load();
    createParent(file);
    DatabaseFile.check(file, migrations.latest());
    // SQLite gives the -wal and -shm files the database file's mode: a new one is made 0600
    // first, so that none of the three is ever readable by others.
    boolean created = createPrivate(file);

    SQLiteDataSource ds = new SQLiteDataSource(config());
    ds.setUrl("jdbc:sqlite:" + file);
    Connection keeper;
    try {
      // Held open for the registry's lifetime so the WAL is not checkpointed and deleted after
      // every operation; closing it at close() checkpoints for good.
      keeper = ds.getConnection();
    } catch (SQLException e) {
      if (created) {
        deleteIfEmpty(file);
      }
      throw new RegistryException(
          RegistryException.Reason.IO,
          "cannot open the registry "
              + file
              + ": "
              + e.getMessage()
              + "; check the permissions"
              + " of the file and of its directory",
          e);
    }
    ConnectionPool pool = new ConnectionPool(ds, MAX_IDLE_CONNECTIONS);
    try {
      Jdbi jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin());
      Rows.register(jdbi);
      int version =
          jdbi.withHandle(
              h -> {
                migrations.apply(h);
                return Migrations.version(h);
              });
      // Files written by an agent before they were made private are made so now.
      PrivateFiles.restrict(file, DatabaseFile.wal(file), DatabaseFile.shm(file));
      return new Registry(file, clock, jdbi, pool, keeper, version);
    } catch (RuntimeException e) {
      closeQuietly(pool, keeper, e);
      if (e instanceof RegistryException re) {
        throw re;
      }
      throw new RegistryException(
          RegistryException.Reason.IO,
          "cannot migrate the registry " + file + ": " + e.getMessage(),
          e);
    }
  }

  private static SQLiteConfig config() {
    SQLiteConfig c = new SQLiteConfig();
    c.setJournalMode(SQLiteConfig.JournalMode.WAL);
    c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    c.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    c.enforceForeignKeys(true);
    // Writers take the write lock at BEGIN, so they wait on busy_timeout instead of failing
    // when a read lock cannot be upgraded.
    c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    return c;
  }

  private static boolean createPrivate(Path file) {
    try {
      return PrivateFiles.createFile(file);
    } catch (IOException e) {
      throw new RegistryException(
          RegistryException.Reason.IO,
          "cannot create the registry "
              + file
              + ": "
              + e.getMessage()
              + "; check the permissions"
              + " of its directory",
          e);
    }
  }

  private static void deleteIfEmpty(Path file) {
    try {
      if (Files.size(file) == 0) {
        Files.delete(file);
      }
    } catch (IOException e) {
      // Left behind, an empty file is refused at the next start with its recovery steps.
    }
  }

  /** The directory of {@code file}; created 0700 (as are missing parents) when missing. */
  private static void createParent(Path file) {
    Path dir = file.getParent();
    try {
      if (dir != null) {
        PrivateFiles.createDirectories(dir);
      }
    } catch (IOException e) {
      throw new RegistryException(
          RegistryException.Reason.IO,
          "cannot create the directory " + dir + " for the registry: " + e.getMessage(),
          e);
    }
  }

  /** The database file (absolute). */
  public Path file() {
    return file;
  }

  /**
   * The clock the registry stamps times with; who records a time of their own in it (a failure's
   * last try) reads this one, so that both agree.
   */
  public Clock clock() {
    return clock;
  }

  /** The schema version the database is at. */
  public int schemaVersion() {
    return schemaVersion;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back (nothing
   * half-written) when it throws, the exception passing through. Use only the {@link RegistryTx} it
   * is given: calling this registry's own methods inside it fails with MISUSE.
   */
  public <T> T inTransaction(Function<RegistryTx, T> work) {
    Check.present("transaction work", work);
    return write(work);
  }

  /** {@link #inTransaction} for work that returns nothing. */
  public void useTransaction(Consumer<RegistryTx> work) {
    Check.present("transaction work", work);
    write(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  /**
   * Writes a consistent copy of the live database to {@code target} with {@code VACUUM INTO}, while
   * other threads keep using the registry. The copy appears atomically (written to {@code
   * target.partial} first, synced, then renamed).
   *
   * @return {@code target}
   * @throws RegistryException INVALID_ARGUMENT when {@code target} already exists
   */
  public Path snapshot(Path target) {
    checkUsable();
    Path out = Check.present("snapshot target", target).toAbsolutePath();
    if (Files.exists(out)) {
      throw RegistryException.invalid(
          "the snapshot target " + out + " already exists; choose a new file name or remove it");
    }
    createParent(out);
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    try {
      Files.deleteIfExists(partial);
      // VACUUM INTO writes into an empty file as into a new one, keeping its mode: 0600.
      PrivateFiles.createFile(partial);
      jdbi.useHandle(h -> h.execute("VACUUM INTO ?", partial.toString()));
      try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
      return out;
    } catch (IOException | JdbiException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new RegistryException(
          RegistryException.Reason.IO,
          "cannot snapshot the registry "
              + file
              + " to "
              + out
              + ": "
              + e.getMessage()
              + "; check that the target directory is writable and has space",
          e);
    }
  }

  /** Closes the registry; the WAL is checkpointed into the database file. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pool.close();
      keeper.close();
    } catch (SQLException e) {
      throw new RegistryException(
          RegistryException.Reason.IO,
          "cannot close the registry " + file + ": " + e.getMessage(),
          e);
    }
  }

  // ---- RegistryAccess: each call in its own transaction ----

  @Override
  public List<ServiceRecord> services() {
    return read(RegistryTx::services);
  }

  @Override
  public Optional<ServiceRecord> service(String name) {
    return read(tx -> tx.service(name));
  }

  @Override
  public List<ComponentRecord> components(String service) {
    return read(tx -> tx.components(service));
  }

  @Override
  public List<ComponentRecord> allComponents() {
    return read(RegistryTx::allComponents);
  }

  @Override
  public Optional<ComponentRecord> component(String service, String component) {
    return read(tx -> tx.component(service, component));
  }

  @Override
  public ServiceRecord upsertService(ServiceUpsert service) {
    return write(tx -> tx.upsertService(service));
  }

  @Override
  public ServiceRecord recordServiceApplied(String service, String commit) {
    return write(tx -> tx.recordServiceApplied(service, commit));
  }

  @Override
  public ServiceRecord setServiceError(String service, String message) {
    return write(tx -> tx.setServiceError(service, message));
  }

  @Override
  public ServiceRecord clearServiceError(String service) {
    return write(tx -> tx.clearServiceError(service));
  }

  @Override
  public boolean removeService(String name) {
    return write(tx -> tx.removeService(name));
  }

  @Override
  public ComponentRecord recordComponentApplied(ComponentApplied applied) {
    return write(tx -> tx.recordComponentApplied(applied));
  }

  @Override
  public ComponentRecord recordComponentObserved(
      String service,
      String component,
      Optional<String> containerId,
      ContainerState state,
      Optional<String> health) {
    return write(tx -> tx.recordComponentObserved(service, component, containerId, state, health));
  }

  @Override
  public boolean removeComponent(String service, String component) {
    return write(tx -> tx.removeComponent(service, component));
  }

  /** Deletes the events older than {@code before} (the history's retention); how many. */
  public int deleteEventsBefore(Instant before) {
    return write(tx -> tx.deleteEventsBefore(before));
  }

  /**
   * Tells {@code listener} the kind of every event appended from now on (the metrics count them).
   */
  public void onEvent(java.util.function.Consumer<EventKind> listener) {
    eventListeners.add(listener);
  }

  /** Tells {@code listener} every event appended from now on, whole (metrics by service). */
  public void onNewEvent(java.util.function.Consumer<NewEvent> listener) {
    newEventListeners.add(listener);
  }

  /**
   * Appends an event, and writes it to the log as well, so that the journal tells the same story as
   * {@code mcp events}: failures, drift, conflicts and rejections as warnings.
   */
  @Override
  public Event appendEvent(NewEvent event) {
    Event e = write(tx -> tx.appendEvent(event));
    log(event);
    return e;
  }

  /**
   * Records a component applied, its condition (when given; else it is kept), and the event that
   * says so, in one transaction: an agent killed at any moment leaves either all three or none.
   */
  public void recordApplied(
      ComponentApplied applied, Optional<Condition> condition, NewEvent event) {
    write(
        tx -> {
          tx.recordComponentApplied(applied);
          condition.ifPresent(c -> tx.setCondition(applied.service(), applied.component(), c));
          return tx.appendEvent(event);
        });
    log(event);
  }

  private void log(NewEvent event) {
    for (var l : eventListeners) {
      l.accept(event.kind());
    }
    for (var l : newEventListeners) {
      l.accept(event);
    }
    String where =
        event
            .service()
            .map(s -> s + event.component().map(c -> "/" + c).orElse("") + " ")
            .orElse("");
    switch (event.kind()) {
      case FAILED, DRIFT, CONFLICT, REJECTED ->
          EVENTS.warn("{}{}: {}", where, event.kind(), event.message());
      default -> EVENTS.info("{}{}: {}", where, event.kind(), event.message());
    }
  }

  @Override
  public void setCondition(String service, String component, Condition condition) {
    write(
        tx -> {
          tx.setCondition(service, component, condition);
          return null;
        });
  }

  @Override
  public Optional<ComponentCondition> condition(String service, String component) {
    return read(tx -> tx.condition(service, component));
  }

  @Override
  public List<ComponentCondition> conditions() {
    return read(RegistryTx::conditions);
  }

  @Override
  public List<Event> events(EventQuery query) {
    return read(tx -> tx.events(query));
  }

  /**
   * The events after the one with id {@code after} (0: from the first), oldest first, at most
   * {@code limit}: what a stream that has sent {@code after} sends next.
   */
  public List<Event> eventsAfter(long after, int limit) {
    return read(tx -> tx.eventsAfter(after, limit));
  }

  public List<Suspension> suspensions() {
    return read(RegistryTx::suspensions);
  }

  public Suspension suspend(Suspension s) {
    return write(tx -> tx.suspend(s));
  }

  public boolean resume(String target) {
    return write(tx -> tx.resume(target));
  }

  @Override
  public SourceState sourceState() {
    return read(RegistryTx::sourceState);
  }

  @Override
  public SourceState recordFetch(String commit) {
    return write(tx -> tx.recordFetch(commit));
  }

  @Override
  public SourceState recordSourceError(String message) {
    return write(tx -> tx.recordSourceError(message));
  }

  @Override
  public SourceState recordSourceError(String kind, String message) {
    return write(tx -> tx.recordSourceError(kind, message));
  }

  @Override
  public SourceState recordSourceApplied(String commit) {
    return write(tx -> tx.recordSourceApplied(commit));
  }

  // ---- plumbing ----

  /** One statement's worth of reading, outside any write lock. */
  private <T> T read(Function<RegistryTx, T> work) {
    checkUsable();
    try {
      return jdbi.withHandle(h -> work.apply(new RegistryTx(h, clock)));
    } catch (JdbiException e) {
      throw failed(e);
    }
  }

  /** A write transaction (BEGIN IMMEDIATE); rolled back when {@code work} throws. */
  private <T> T write(Function<RegistryTx, T> work) {
    checkUsable();
    IN_TRANSACTION.set(this);
    try {
      return jdbi.inTransaction(h -> work.apply(new RegistryTx(h, clock)));
    } catch (JdbiException e) {
      throw failed(e);
    } finally {
      IN_TRANSACTION.remove();
    }
  }

  private void checkUsable() {
    if (closed) {
      throw new RegistryException(
          RegistryException.Reason.MISUSE,
          "the registry " + file + " is closed; open it again with Registry.open");
    }
    if (IN_TRANSACTION.get() == this) {
      throw new RegistryException(
          RegistryException.Reason.MISUSE,
          "a Registry method was called inside Registry.inTransaction on the same thread, which"
              + " would wait on its own lock; use the RegistryTx passed to the callback instead");
    }
  }

  private RegistryException failed(JdbiException e) {
    String hint =
        String.valueOf(e.getMessage()).contains("SQLITE_BUSY")
            ? "another process held the database lock for more than "
                + BUSY_TIMEOUT_MILLIS
                + " ms; check that only one mcp-agent uses "
                + file
            : "check the disk (space, permissions) holding " + file;
    return new RegistryException(
        RegistryException.Reason.IO,
        "the registry " + file + " failed: " + e.getMessage() + "; " + hint,
        e);
  }

  private static void closeQuietly(ConnectionPool pool, Connection keeper, Exception primary) {
    try {
      pool.close();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
    try {
      keeper.close();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }
}
