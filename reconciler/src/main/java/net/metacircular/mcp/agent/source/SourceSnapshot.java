package net.metacircular.mcp.agent.source;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The service files at one revision of the source.
 *
 * @param revision the commit id (or, for a plain folder, a hash of its contents)
 * @param files service file name ({@code metacrypt.toml}) to its text, in name order
 * @param unreadable file name to why it could not be read (not UTF-8, too large, …)
 */
public record SourceSnapshot(
    String revision, SortedMap<String, String> files, Map<String, String> unreadable) {
  public SourceSnapshot {
    Objects.requireNonNull(revision, "revision");
    files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
    unreadable = Map.copyOf(unreadable);
  }
}
