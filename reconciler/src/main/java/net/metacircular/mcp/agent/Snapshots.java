package net.metacircular.mcp.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import net.metacircular.mcp.agent.registry.Registry;

/**
 * Database snapshots in {@code <data_dir>/backups/}, named {@code mcp-<UTC timestamp>.db} so that
 * they sort by time; the newest {@link #DEFAULT_KEEP} are kept. Shared by {@code mcp-agent
 * snapshot} and {@code POST /v1/snapshot}.
 */
public final class Snapshots {
  /** How many snapshots are kept by default. */
  public static final int DEFAULT_KEEP = 10;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Snapshots() {}

  /**
   * What {@link #take} did.
   *
   * @param path the new snapshot
   * @param size its size in bytes
   * @param removed older snapshots removed
   */
  public record Taken(Path path, long size, List<Path> removed) {
    public Taken {
      removed = List.copyOf(removed);
    }
  }

  /** The next snapshot's name; {@code mcp-20250102T030405.678Z.db}. */
  static Path next(Path backups, Clock clock) {
    return backups.resolve("mcp-" + STAMP.format(clock.instant()) + ".db");
  }

  /**
   * Writes a consistent snapshot of the live {@code registry} into {@code backups}, then removes
   * all but the newest {@code keep} snapshots there.
   */
  public static synchronized Taken take(Registry registry, Path backups, Clock clock, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be at least 1, got " + keep);
    }
    Path target = next(backups, clock);
    for (int i = 1; Files.exists(target); i++) {
      String name = target.getFileName().toString();
      target = backups.resolve(name.substring(0, name.length() - 3) + "-" + i + ".db");
    }
    Path written = registry.snapshot(target);
    try {
      long size = Files.size(written);
      List<Path> all = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(backups, "mcp-*.db")) {
        ds.forEach(all::add);
      }
      all.sort(null);
      List<Path> removed = new ArrayList<>();
      for (int i = 0; i < all.size() - keep; i++) {
        if (!all.get(i).equals(written) && Files.deleteIfExists(all.get(i))) {
          removed.add(all.get(i));
        }
      }
      return new Taken(written, size, removed);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "snapshot " + written + " written, but cleaning " + backups + " failed: " + e, e);
    }
  }
}
