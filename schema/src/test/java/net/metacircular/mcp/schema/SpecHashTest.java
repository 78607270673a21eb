package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The spec hash depends on what a component is, not on how its file is written: key order,
 * comments, whitespace, inline or separate tables, and equal durations written differently all give
 * the same hash; a changed image or port does not; {@code active} is not part of it.
 */
class SpecHashTest {

  @Property(tries = 300)
  void layoutDoesNotChangeTheHash(
      @ForAll("services") ServiceModel model, @ForAll long layoutA, @ForAll long layoutB) {
    ServiceSpec a = parse(TomlWriter.write(model, new Random(layoutA)));
    ServiceSpec b = parse(TomlWriter.write(model, new Random(layoutB)));

    assertThat(b).isEqualTo(a);
    assertThat(hashes(b)).isEqualTo(hashes(a));
  }

  @Property(tries = 200)
  void aChangedImageChangesOnlyThatComponentsHash(
      @ForAll("services") ServiceModel model, @ForAll long layoutA, @ForAll long layoutB) {
    ServiceModel changed = model.withTag(model.tag() + "-next");

    List<String> before = hashes(parse(TomlWriter.write(model, new Random(layoutA))));
    List<String> after = hashes(parse(TomlWriter.write(changed, new Random(layoutB))));

    assertThat(after.get(1)).isNotEqualTo(before.get(1));
    assertThat(after.get(0)).isEqualTo(before.get(0));
  }

  @Property(tries = 200)
  void aChangedPortChangesTheHash(
      @ForAll("services") ServiceModel model, @ForAll long layoutA, @ForAll long layoutB) {
    List<Integer> ports = new java.util.ArrayList<>(model.hostPorts());
    ports.set(0, ports.get(0) == 65535 ? 1024 : ports.get(0) + 1);
    ServiceModel changed = model.withHostPorts(ports);

    List<String> before = hashes(parse(TomlWriter.write(model, new Random(layoutA))));
    List<String> after = hashes(parse(TomlWriter.write(changed, new Random(layoutB))));

    assertThat(after.get(1)).isNotEqualTo(before.get(1));
  }

  @Property(tries = 200)
  void activeIsNotPartOfAnyComponentHash(
      @ForAll("services") ServiceModel model, @ForAll long layoutA, @ForAll long layoutB) {
    ServiceSpec active = parse(TomlWriter.write(model.withActive(true), new Random(layoutA)));
    ServiceSpec inactive = parse(TomlWriter.write(model.withActive(false), new Random(layoutB)));

    assertThat(inactive.active()).isFalse();
    assertThat(hashes(inactive)).isEqualTo(hashes(active));
  }

  @Provide
  Arbitrary<ServiceModel> services() {
    Arbitrary<String> tag =
        Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10);
    // Any text at all in values, to exercise quoting and escapes.
    Arbitrary<String> text =
        Arbitraries.strings().all().ofMaxLength(12).filter(SpecHashTest::encodable);
    Arbitrary<List<String>> cmd = text.list().ofMaxSize(4);
    Arbitrary<Map<String, String>> env =
        Arbitraries.maps(
                Arbitraries.strings()
                    .withCharRange('A', 'Z')
                    .withChars('_')
                    .ofMinLength(1)
                    .ofMaxLength(8),
                text)
            .ofMaxSize(5);
    Arbitrary<List<Integer>> ports =
        Arbitraries.integers().between(1024, 65535).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<String> restart =
        Arbitraries.of("no", "always", "unless-stopped", "on-failure", "on-failure:4");
    Arbitrary<Integer> stopSeconds = Arbitraries.of(0, 1, 10, 60, 90, 120, 3600);
    Arbitrary<Boolean> health = Arbitraries.of(true, false);
    Arbitrary<Boolean> active = Arbitraries.of(true, false);
    return Combinators.combine(tag, cmd, env, ports, restart, stopSeconds, health, active)
        .as(ServiceModel::new);
  }

  /** Lone surrogates cannot be written as UTF-8, so no TOML file can hold them. */
  private static boolean encodable(String s) {
    return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  private static ServiceSpec parse(String toml) {
    ParseResult result = new ServiceParser().parse("svc.toml", toml);
    assertThat(result.errors()).as(toml).isEmpty();
    return result.orElseThrow();
  }

  private static List<String> hashes(ServiceSpec spec) {
    return spec.components().stream().map(SpecHash::of).toList();
  }
}
