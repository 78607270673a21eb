package net.metacircular.mcp.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.metacircular.mcp.agent.registry.Registry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A registry of its own for each test: a new SQLite file in a temporary folder on a {@link
 * TestClock}, open as soon as the test's instance is made, closed and deleted after the test. A
 * test class registers it as a field and takes the registry and clock from it in its own field
 * initialisers, so it needs no set-up or tear-down of its own:
 *
 * <pre>
 * &#64;RegisterExtension final TestRegistry db = new TestRegistry();
 * final TestClock clock = db.clock();
 * final Registry registry = db.registry();
 * </pre>
 */
public final class TestRegistry implements AfterEachCallback {
  private final TestClock clock = new TestClock();
  private final Path dir;
  private final Registry registry;

  public TestRegistry() {
    try {
      dir = Files.createTempDirectory("mcp-registry-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry = Registry.open(dir.resolve("mcp.db"), clock);
  }

  public TestClock clock() {
    return clock;
  }

  public Registry registry() {
    return registry;
  }

  /** The folder of the registry's file ({@code mcp.db}), deleted after the test. */
  public Path dir() {
    return dir;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      registry.close();
    } finally {
      deleteTree(dir);
    }
  }

  /** Deletes {@code dir} and everything in it (a test fixture's temporary folder). */
  public static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
