package net.metacircular.mcp.agent.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Reuses SQLite connections: opening one per operation makes every write several times slower (the
 * first write of a fresh connection pays for setting up the WAL). Keeps at most {@code maxIdle}
 * idle connections; any more are closed when handed back.
 */
final class ConnectionPool implements ConnectionFactory {
  private final DataSource source;
  private final int maxIdle;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private volatile boolean closed;

  ConnectionPool(DataSource source, int maxIdle) {
    this.source = source;
    this.maxIdle = maxIdle;
  }

  @Override
  public Connection openConnection() throws SQLException {
    Connection c = idle.pollFirst();
    if (c != null) {
      idleCount.decrementAndGet();
      return c;
    }
    return source.getConnection();
  }

  @Override
  public void closeConnection(Connection c) throws SQLException {
    if (c.isClosed()) {
      return;
    }
    if (!c.getAutoCommit()) {
      c.rollback();
      c.setAutoCommit(true);
    }
    if (closed) {
      c.close();
      return;
    }
    if (idleCount.incrementAndGet() > maxIdle) {
      idleCount.decrementAndGet();
      c.close();
      return;
    }
    idle.offerFirst(c);
    if (closed) {
      drain();
    }
  }

  /** Closes the idle connections; connections handed back later are closed too. */
  void close() throws SQLException {
    closed = true;
    drain();
  }

  private void drain() throws SQLException {
    SQLException first = null;
    for (Connection c; (c = idle.pollFirst()) != null; ) {
      idleCount.decrementAndGet();
      try {
        c.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
