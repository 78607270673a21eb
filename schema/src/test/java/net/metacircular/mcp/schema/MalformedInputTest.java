package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken service files: each is refused with a clear message naming the file, and none
 * crashes the parser (no exception, no stack overflow, bounded time).
 */
class MalformedInputTest {
  private static final String HEAD = "name = \"svc\"\nnode = \"rift\"\n";
  private final ServiceParser parser = new ServiceParser();

  static Stream<Arguments> corpus() {
    String deep = "x = " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
    String deepTables =
        "[" + String.join(".", java.util.Collections.nCopies(2_000, "a")) + "]\nb = 1\n";
    StringBuilder many = new StringBuilder(HEAD);
    for (int i = 0; i < 10_000; i++) {
      many.append("[[components]]\nname = \"c").append(i).append("\"\nimage = \"x:1\"\n");
    }
    String huge = HEAD + "# " + "x".repeat(3_000_000) + "\n";
    return Stream.of(
        Arguments.of("wrong types", HEAD + "active = \"yes\"\ncomponents = 3\n", "active"),
        Arguments.of("deep nesting of arrays", HEAD + deep, "nests arrays or tables too deeply"),
        Arguments.of("deep nesting of tables", HEAD + deepTables, "svc.toml"),
        Arguments.of("NUL bytes", HEAD + "[[components]]\nname = \"a\u0000b\"\n", "svc.toml"),
        Arguments.of("duplicate keys", HEAD + "node = \"other\"\n", "svc.toml:3"),
        Arguments.of("a huge file", huge, "a service file may have at most 1048576"),
        Arguments.of(
            "10,000 components",
            many.toString(),
            "components: a service may have at most 100 components; got 10000"),
        // Found by ServiceFileFuzzTest: tomlj asserts on these when assertions are enabled.
        Arguments.of("a short unicode escape", HEAD + "x = \"\\u.\"\n", "svc.toml"),
        Arguments.of("a short long unicode escape", HEAD + "x = \"\\U12\"\n", "svc.toml"),
        Arguments.of("binary garbage", "\u0001\u0002\u0003\u00ff[[[", "svc.toml"),
        Arguments.of("empty", "", "svc.toml"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRefusedClearly(String what, String text, String mentioned) {
    ParseResult r = parser.parse("svc.toml", text);
    assertThat(r.isValid()).as(what).isFalse();
    assertThat(r.errors()).as(what).isNotEmpty();
    assertThat(r.errors().get(0).toString()).as(what).startsWith("svc.toml").contains(mentioned);
  }

  @Test
  void invalidUtf8IsRefusedWithoutLineNumbers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("svc.toml");
    byte[] bad = (HEAD + "x = \"").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[bad.length + 3];
    System.arraycopy(bad, 0, all, 0, bad.length);
    all[bad.length] = (byte) 0xC3;
    all[bad.length + 1] = (byte) 0x28;
    all[bad.length + 2] = '"';
    Files.write(file, all);
    ParseResult r = parser.parse(file);
    assertThat(r.isValid()).isFalse();
    assertThat(r.errors().get(0).toString()).startsWith("svc.toml").containsIgnoringCase("utf-8");
  }
}
