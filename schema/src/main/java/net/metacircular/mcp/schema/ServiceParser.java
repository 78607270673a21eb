package net.metacircular.mcp.schema;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlVersion;

/**
 * Parses and validates service files ({@code <service>.toml}). Every error of a file is reported at
 * once, each with its line, column and key.
 */
public final class ServiceParser {
  /** Larger files are refused unread: no service file needs a megabyte. */
  public static final int MAX_CHARS = 1 << 20;

  private final ValidationPolicy policy;

  public ServiceParser(ValidationPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** With {@link ValidationPolicy#DEFAULT}. */
  public ServiceParser() {
    this(ValidationPolicy.DEFAULT);
  }

  /**
   * @param fileName shown in errors; its last segment without {@code .toml} is the service name the
   *     file must declare, e.g. {@code metacrypt.toml}
   * @param text the file's content
   */
  public ParseResult parse(String fileName, String text) {
    return parse(fileName, text, Optional.empty());
  }

  /**
   * As {@link #parse(String, String)}, also checking that every secret the file names is in the
   * repository.
   *
   * @param secretFiles the names of the service's {@code secrets/<service>/*.age} files; empty when
   *     the caller cannot know, and then secret names are checked for their shape only
   */
  public ParseResult parse(String fileName, String text, Optional<Set<String>> secretFiles) {
    Problems problems = new Problems(fileName);
    if (text.length() > MAX_CHARS) {
      problems.addWhole(
          "the file has "
              + text.length()
              + " characters; a service file may have at most "
              + MAX_CHARS);
      return new ParseResult.Invalid(fileName, problems.sorted());
    }
    TomlParseResult doc;
    try {
      doc = Toml.parse(text, TomlVersion.V1_0_0);
    } catch (StackOverflowError e) {
      // The TOML parser recurses per level of nesting; a hostile file must not take the agent
      // down with it. The recursion is over when the error arrives, so going on is safe.
      problems.addWhole(
          "the file nests arrays or tables too deeply to be read; no service needs that");
      return new ParseResult.Invalid(fileName, problems.sorted());
    } catch (RuntimeException | AssertionError e) {
      // A bug of the TOML parser must refuse this file alone, not end the agent's reconcile. One
      // the fuzzer found: with assertions enabled, tomlj asserts instead of reporting a bad
      // unicode escape (a backslash, u and fewer than four hex digits; see the regression seeds of
      // ServiceFileFuzzTest).
      problems.addWhole("the TOML parser failed on this file: " + failure(e));
      return new ParseResult.Invalid(fileName, problems.sorted());
    }
    if (doc.hasErrors()) {
      // Validating a half-parsed document would add errors that only follow from the first.
      for (TomlParseError e : doc.errors()) {
        problems.add(e.position(), "", "TOML syntax error: " + e.getMessage());
      }
      return new ParseResult.Invalid(fileName, problems.sorted());
    }
    Optional<ServiceSpec> spec =
        ServiceReader.read(doc, stem(fileName), policy, secretFiles, problems);
    return spec.<ParseResult>map(s -> new ParseResult.Valid(fileName, s))
        .orElseGet(() -> new ParseResult.Invalid(fileName, problems.sorted()));
  }

  /**
   * Reads and parses a file; errors carry the file's name, not its path. The service's secrets are
   * looked for beside it, in {@code secrets/<service>/}.
   */
  public ParseResult parse(Path file) {
    String fileName = file.getFileName().toString();
    try {
      Path parent = file.toAbsolutePath().getParent();
      return parse(
          fileName,
          Files.readString(file),
          Optional.of(SecretFolder.names(parent, stem(fileName))));
    } catch (CharacterCodingException e) {
      return unreadable(fileName, "the file is not UTF-8 text");
    } catch (IOException e) {
      return unreadable(fileName, "cannot read the file: " + e);
    }
  }

  /** The exception and where the TOML parser threw it, for whoever reports the parser's bug. */
  private static String failure(Throwable e) {
    StackTraceElement[] at = e.getStackTrace();
    return at.length == 0 ? e.toString() : e + " at " + at[0];
  }

  private static ParseResult unreadable(String fileName, String message) {
    return new ParseResult.Invalid(fileName, List.of(new SpecError(fileName, 0, 0, "", message)));
  }

  private static String stem(String fileName) {
    String last = fileName.substring(fileName.lastIndexOf('/') + 1);
    return last.endsWith(".toml") ? last.substring(0, last.length() - ".toml".length()) : last;
  }
}
