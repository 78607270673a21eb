package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the service-file parser and validator with Jazzer: for any bytes, {@link ServiceParser}
 * gives a valid spec or errors that each name the file and a place in it, never throws, never hangs
 * (libFuzzer's {@code -timeout}), and a valid spec hashes the same every time.
 *
 * <p>The normal build fuzzes for 30 s (the {@code fuzz} execution of surefire in schema/pom.xml
 * sets {@code JAZZER_FUZZ}); without it, only the seeds run, like a unit test. The seeds are the
 * examples, the malformed corpus of {@link MalformedInputTest} and the files under {@code
 * src/test/resources/.../ServiceFileFuzzTestInputs/parsesOrExplains/}, where Jazzer also writes an
 * input that fails, to be kept as a regression seed once fixed. To fuzz longer locally:
 *
 * <pre>
 * JAZZER_MAX_DURATION=30m ./mvnw -B -q -pl schema verify -Dtest=ServiceFileFuzzTest
 * </pre>
 *
 * <p>The corpus Jazzer grows is kept in schema/target/jazzer-corpus, so a second run goes on where
 * the first stopped ({@code ./mvnw clean} forgets it).
 */
class ServiceFileFuzzTest {
  /** Seeds larger than this would only slow every mutation down; the unit tests cover them. */
  private static final int MAX_SEED = 32 * 1024;

  /** The service name a file declares, so that a file may be valid under its own name. */
  private static final Pattern NAME =
      Pattern.compile("(?m)^\\s*name\\s*=\\s*\"([a-z0-9-]{1,40})\"");

  private static final AtomicLong runs = new AtomicLong();
  private static final AtomicLong valid = new AtomicLong();
  private static final Set<Integer> seen = ConcurrentHashMap.newKeySet();
  private static final Set<Integer> starting = ConcurrentHashMap.newKeySet();
  private final ServiceParser parser = new ServiceParser();

  static Stream<Arguments> seeds() throws IOException {
    Stream<byte[]> examples;
    try (Stream<Path> files = ExamplesTest.examples()) {
      List<byte[]> read = files.map(ServiceFileFuzzTest::bytes).toList();
      examples = read.stream();
    }
    Stream<byte[]> malformed =
        MalformedInputTest.corpus()
            .map(a -> ((String) a.get()[1]).getBytes(StandardCharsets.UTF_8))
            .filter(b -> b.length <= MAX_SEED);
    return Stream.concat(examples, malformed).map(b -> Arguments.of((Object) b));
  }

  @MethodSource("seeds")
  @DictionaryEntries({
    "name = ",
    "node = ",
    "active = ",
    "deploy = ",
    "\"manual\"",
    "[[components]]",
    "[components.health]",
    "image = ",
    "cmd = ",
    "env = ",
    "ports = ",
    "volumes = ",
    "network = ",
    "user = ",
    "restart = ",
    "\"on-failure:3\"",
    "depends_on = ",
    "stop_timeout = ",
    "interval = ",
    "retries = ",
    "start_period = ",
    "timeout = ",
    "\"10s\"",
    "/srv/",
    ":ro,Z",
    "127.0.0.1:",
    "'''",
    "\"\"\"",
    "\\u",
  })
  @FuzzTest(maxDuration = "30s")
  void parsesOrExplains(byte[] data) {
    runs.incrementAndGet();
    seen.add(Arrays.hashCode(data));
    String text = text(data);
    String file = fileNameFor(text);

    ParseResult result = parser.parse(file, text);

    assertThat(result.file()).isEqualTo(file);
    if (result instanceof ParseResult.Valid v) {
      valid.incrementAndGet();
      ServiceSpec again = parser.parse(file, text).orElseThrow();
      assertThat(again).isEqualTo(v.spec());
      for (int i = 0; i < v.spec().components().size(); i++) {
        ComponentSpec c = v.spec().components().get(i);
        assertThat(SpecHash.of(c))
            .isEqualTo(SpecHash.of(c))
            .isEqualTo(SpecHash.of(again.components().get(i)));
      }
    } else {
      assertThat(result.errors()).isNotEmpty();
      long lines = text.lines().count() + 1;
      for (SpecError e : result.errors()) {
        assertPlaced(e, file, lines);
      }
    }
  }

  /** An error names the file and either a line, column and key, or the whole file. */
  private static void assertPlaced(SpecError e, String file, long lines) {
    assertThat(e.file()).as("%s", e).isEqualTo(file);
    assertThat(e.toString()).startsWith(file + ":");
    assertThat(e.message()).as("%s", e).isNotBlank();
    if (e.line() == 0) {
      assertThat(e.column()).as("%s", e).isZero();
      assertThat(e.keyPath()).as("%s", e).isEmpty();
      return;
    }
    assertThat((long) e.line()).as("%s", e).isBetween(1L, lines);
    assertThat(e.column()).as("%s", e).isPositive();
    if (!e.message().startsWith("TOML syntax error")) {
      assertThat(e.keyPath()).as("a validation error names its key: %s", e).isNotEmpty();
    }
  }

  /**
   * As the agent reads a file: strict UTF-8. Bytes that are not UTF-8 are still fuzzed, read one
   * character a byte, so that the fuzzer's mutations reach the parser either way.
   */
  private static String text(byte[] data) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return new String(data, StandardCharsets.ISO_8859_1);
    }
  }

  private static String fileNameFor(String text) {
    Matcher m = NAME.matcher(text);
    return (m.find() ? m.group(1) : "svc") + ".toml";
  }

  private static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inputs the run starts from, so that those the fuzzer made itself can be told apart. */
  @BeforeAll
  static void rememberStartingInputs() throws Exception {
    try (Stream<Arguments> s = seeds()) {
      s.forEach(a -> starting.add(Arrays.hashCode((byte[]) a.get()[0])));
    }
    URL inputs =
        ServiceFileFuzzTest.class.getResource("ServiceFileFuzzTestInputs/parsesOrExplains");
    List<Path> dirs = new ArrayList<>();
    if (inputs != null) {
      dirs.add(Path.of(inputs.toURI()));
    }
    // The corpus the fuzzer grows (schema/pom.xml: jazzer.internal.arg.1), kept from earlier runs.
    // libFuzzer exits the JVM when it is missing, so a clean build makes it first.
    Optional<Path> corpus =
        Optional.ofNullable(System.getProperty("jazzer.internal.arg.1")).map(Path::of);
    if (corpus.isPresent()) {
      dirs.add(Files.createDirectories(corpus.get()));
    }
    for (Path dir : dirs) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          files.forEach(f -> starting.add(Arrays.hashCode(bytes(f))));
        }
      }
    }
  }

  /**
   * When fuzzing, the fuzzer ran inputs of its own making, rather than stopping after the seeds. A
   * hundred is far below what 30 s give even on a loaded machine (thousands), so this only fails
   * when fuzzing did not happen.
   */
  @AfterAll
  static void fuzzedBeyondTheSeeds() {
    long made = seen.stream().filter(h -> !starting.contains(h)).count();
    System.out.printf(
        "ServiceFileFuzzTest: %d inputs run, %d distinct not among the %d starting inputs, %d valid%n",
        runs.get(), made, starting.size(), valid.get());
    if (isFuzzing()) {
      assertThat(made).as("inputs the fuzzer made").isGreaterThanOrEqualTo(100);
    }
  }

  private static boolean isFuzzing() {
    String v = System.getenv("JAZZER_FUZZ");
    return v != null && !v.isEmpty() && !v.equals("0");
  }
}
