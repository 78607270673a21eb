package net.metacircular.mcp.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The service files of one folder of the services repository: every {@code *.toml} directly in it,
 * not in subfolders. Two files cannot declare the same service, because a service's name must be
 * its file's name.
 */
public final class ServiceDirectory {
  private final ServiceParser parser;

  public ServiceDirectory(ServiceParser parser) {
    this.parser = parser;
  }

  /** A result per file, keyed and ordered by file name. */
  public SortedMap<String, ParseResult> parseAll(Path dir) throws IOException {
    SortedMap<String, ParseResult> results = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .filter(p -> p.getFileName().toString().endsWith(".toml"))
          .filter(Files::isRegularFile)
          .forEach(p -> results.put(p.getFileName().toString(), parser.parse(p)));
    }
    return Collections.unmodifiableSortedMap(results);
  }
}
