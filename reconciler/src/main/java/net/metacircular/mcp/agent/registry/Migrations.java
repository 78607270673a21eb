package net.metacircular.mcp.agent.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * The numbered SQL resources {@code db/V001.sql}, {@code db/V002.sql}, … applied in order, each in
 * a transaction that ends by setting {@code PRAGMA user_version} to its number.
 */
final class Migrations {
  /** One migration: its number and SQL text. */
  record Migration(int version, String sql) {}

  private final List<Migration> all;

  private Migrations(List<Migration> all) {
    this.all = List.copyOf(all);
  }

  /** Loads {@code db/V001.sql} onwards from the classpath until a number is missing. */
  static Migrations load() {
    List<Migration> found = new ArrayList<>();
    for (int v = 1; ; v++) {
      String name = String.format(Locale.ROOT, "db/V%03d.sql", v);
      try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          break;
        }
        found.add(new Migration(v, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new RegistryException(
            RegistryException.Reason.IO,
            "cannot read the migration " + name + " from the mcp-agent jar: " + e.getMessage(),
            e);
      }
    }
    if (found.isEmpty()) {
      throw new RegistryException(
          RegistryException.Reason.IO,
          "no migrations (db/V001.sql) on the classpath; the mcp-agent build is broken");
    }
    return new Migrations(found);
  }

  int latest() {
    return all.get(all.size() - 1).version();
  }

  /**
   * Brings the database to the latest version. Each pending migration runs in its own transaction
   * on {@code handle}; the version is read inside it so that two processes opening the same file
   * cannot both apply a migration.
   *
   * @return the migrations applied (none when already current)
   */
  List<Integer> apply(Handle handle) {
    List<Integer> applied = new ArrayList<>();
    for (Migration m : all) {
      boolean ran =
          handle.inTransaction(
              h -> {
                int current = version(h);
                if (current > latest()) {
                  throw new RegistryException(
                      RegistryException.Reason.NEWER_SCHEMA,
                      "the registry has schema version "
                          + current
                          + " but this mcp-agent knows versions up to "
                          + latest()
                          + "; run the newer mcp-agent that wrote it");
                }
                if (current >= m.version()) {
                  return false;
                }
                h.createScript(m.sql()).execute();
                h.execute("PRAGMA user_version = " + m.version());
                return true;
              });
      if (ran) {
        applied.add(m.version());
      }
    }
    return applied;
  }

  static int version(Handle h) {
    return h.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
  }
}
