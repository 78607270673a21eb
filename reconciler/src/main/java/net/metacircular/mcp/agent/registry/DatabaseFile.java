package net.metacircular.mcp.agent.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Checks an existing database file before anything writes to it: a file that is not a healthy
 * mcp-agent registry is refused, never wiped or recreated. The checks only read: the header bytes,
 * then a read-only connection for {@code PRAGMA quick_check}, {@code application_id} and {@code
 * user_version}.
 */
final class DatabaseFile {
  /** {@code PRAGMA application_id} of a registry: "MCP1". */
  static final int APPLICATION_ID = 0x4D435031;

  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 100;

  private DatabaseFile() {}

  /** The -wal file next to a database file. */
  static Path wal(Path file) {
    return file.resolveSibling(file.getFileName() + "-wal");
  }

  /** The -shm file next to a database file. */
  static Path shm(Path file) {
    return file.resolveSibling(file.getFileName() + "-shm");
  }

  /**
   * Refuses a database file that cannot be opened safely.
   *
   * @return the schema version of an existing file, or 0 when there is none yet
   */
  static int check(Path file, int latestVersion) {
    if (Files.isDirectory(file)) {
      throw new RegistryException(
          RegistryException.Reason.IO,
          "the registry " + file + " is a directory; point data_dir at a directory holding mcp.db");
    }
    if (!Files.exists(file)) {
      Path wal = wal(file);
      if (size(wal) > 0) {
        throw refused(
            file,
            "it is missing but "
                + wal.getFileName()
                + " is still there, which SQLite would replay into a new database");
      }
      return 0;
    }
    checkHeader(file);
    return checkContent(file, latestVersion);
  }

  private static void checkHeader(Path file) {
    long size = size(file);
    if (size == 0) {
      throw refused(file, "it is empty (0 bytes)");
    }
    byte[] header = new byte[HEADER];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(header, 0, HEADER);
    } catch (IOException e) {
      throw new RegistryException(
          RegistryException.Reason.IO,
          "cannot read the registry " + file + ": " + e.getMessage() + "; check its permissions",
          e);
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= n || header[i] != MAGIC[i]) {
        throw refused(file, "it is not a SQLite database (wrong header)");
      }
    }
    if (n < HEADER) {
      throw refused(file, "it is truncated (" + size + " bytes, shorter than the header)");
    }
    if (size(wal(file)) > 0) {
      // A live or crashed WAL database: the main file's size lags its header while a checkpoint
      // runs, so only quick_check (which reads through the WAL) can judge it.
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(header);
    int pageSize = Short.toUnsignedInt(b.getShort(16));
    if (pageSize == 1) {
      pageSize = 65536;
    }
    if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
      throw refused(file, "its header is damaged (page size " + pageSize + ")");
    }
    if (size % pageSize != 0) {
      throw refused(
          file,
          "it is truncated ("
              + size
              + " bytes, not a whole number of "
              + pageSize
              + "-byte pages)");
    }
    long pages = Integer.toUnsignedLong(b.getInt(28));
    boolean pagesValid = pages > 0 && b.getInt(24) == b.getInt(92);
    if (pagesValid && size < pages * pageSize) {
      throw refused(
          file, "it is truncated (" + size + " bytes, its header says " + pages * pageSize + ")");
    }
  }

  private static int checkContent(Path file, int latestVersion) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = config.createConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      List<String> problems = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
        while (rs.next()) {
          problems.add(rs.getString(1));
        }
      }
      if (!problems.equals(List.of("ok"))) {
        throw refused(file, "its integrity check failed: " + firstFew(problems));
      }
      int applicationId = single(st, "PRAGMA application_id");
      int version = single(st, "PRAGMA user_version");
      int objects = single(st, "SELECT count(*) FROM sqlite_schema");
      if (applicationId != APPLICATION_ID && (applicationId != 0 || objects > 0)) {
        throw refused(
            file,
            "it is a SQLite database of another program (application_id "
                + applicationId
                + ", "
                + objects
                + " schema objects), not an mcp-agent registry");
      }
      if (version > latestVersion) {
        throw new RegistryException(
            RegistryException.Reason.NEWER_SCHEMA,
            "the registry "
                + file
                + " has schema version "
                + version
                + " but this mcp-agent knows versions up to "
                + latestVersion
                + ": it was written by a newer mcp-agent. Run that newer mcp-agent (or newer), or"
                + " restore a backup from "
                + backups(file)
                + " taken before the upgrade; the file was left untouched");
      }
      return version;
    } catch (SQLException e) {
      throw refused(file, "SQLite cannot read it (" + e.getMessage() + ")", e);
    }
  }

  /**
   * A damaged page can make quick_check list a hundred problems, several to a row, a line each; the
   * first few say what it is, and the recovery steps after them must stay readable at 3 AM.
   */
  static String firstFew(List<String> rows) {
    List<String> problems =
        rows.stream()
            .flatMap(String::lines)
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("*** in database"))
            .toList();
    int shown = Math.min(problems.size(), 3);
    String head = String.join("; ", problems.subList(0, shown));
    int rest = problems.size() - shown;
    return rest == 0 ? head : head + "; … and " + rest + " more";
  }

  private static int single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new RegistryException(
          RegistryException.Reason.IO,
          "cannot read the size of " + file + ": " + e.getMessage() + "; check its permissions",
          e);
    }
  }

  static Path backups(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? Path.of("backups") : dir.resolve("backups");
  }

  static RegistryException refused(Path file, String why) {
    return refused(file, why, null);
  }

  static RegistryException refused(Path file, String why, Throwable cause) {
    Path abs = file.toAbsolutePath();
    String message =
        "refusing to open the registry "
            + abs
            + ": "
            + why
            + ". The file was left untouched. To recover, either (1) stop mcp-agent, copy the"
            + " newest snapshot from "
            + backups(file)
            + "/ over "
            + abs
            + " (removing "
            + abs.getFileName()
            + "-wal and "
            + abs.getFileName()
            + "-shm) and start it again; or (2) stop mcp-agent, move "
            + abs
            + " and its -wal and -shm files aside, and start mcp-agent: it re-bootstraps a fresh"
            + " registry from the git source and adopts the running containers whose spec"
            + " matches (the event history is lost).";
    return new RegistryException(RegistryException.Reason.CORRUPT, message, cause);
  }
}
