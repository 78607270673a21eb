package net.metacircular.mcp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The root's help ({@code mcp}, {@code mcp --help}, {@code mcp -h}) as picocli printed it at build
 * time ({@code doc/RootHelpText}, into the jar), so that printing it needs no picocli: its 4.7 jar
 * is Java 5 class files, which neither CDS nor the AOT cache can hold, and even the lazy command
 * list cost about 400 ms of CPU a run (docs/benchmarks.md). Without the packaged text (a build that
 * skipped that step) or with a {@code picocli.*} system property set (which may change the
 * rendering), picocli prints it as before.
 */
public final class RootHelp {
  /** The resources, beside this class: plain, and with picocli's colours. */
  public static final String PLAIN = "root-help.txt";

  public static final String COLOUR = "root-help-colour.txt";

  private RootHelp() {}

  /** Whether these arguments ask for the root's help alone. */
  static boolean asked(String[] args) {
    return args.length == 0
        || args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
  }

  /** The packaged text, in colour or not; empty when picocli is to render it. */
  static Optional<String> packaged(boolean colour) {
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("picocli.")) {
        return Optional.empty();
      }
    }
    try (InputStream in = RootHelp.class.getResourceAsStream(colour ? COLOUR : PLAIN)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
