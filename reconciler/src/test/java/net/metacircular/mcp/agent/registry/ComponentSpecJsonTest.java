package net.metacircular.mcp.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import net.metacircular.mcp.schema.SecretRefs;
import org.junit.jupiter.api.Test;

/**
 * The registry's stored spec format round-trips every component spec exactly: a property over specs
 * generated from a fixed seed (so a failure can be replayed), with awkward text (quotes,
 * backslashes, unicode, empty strings) wherever a string goes.
 */
class ComponentSpecJsonTest {
  private static final String[] AWKWARD = {
    "",
    "a",
    "\"quoted\"",
    "back\\slash",
    "new\nline",
    "tab\t",
    "ünïcødé",
    "😀",
    "$HOME",
    "{}",
    "a=b"
  };

  private final Random random = new Random(16);

  private String text() {
    if (random.nextBoolean()) {
      return AWKWARD[random.nextInt(AWKWARD.length)];
    }
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append((char) (0x20 + random.nextInt(0x250)));
    }
    return b.toString();
  }

  private List<String> texts() {
    List<String> out = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add(text());
    }
    return out;
  }

  private String name() {
    return "c" + Integer.toString(random.nextInt(1_000_000), 36);
  }

  private Duration millis() {
    return Duration.ofMillis(1 + random.nextInt(600_000));
  }

  /** None half the time (no "secrets" in the JSON), else a file and an env secret with digests. */
  private SecretRefs secrets() {
    if (random.nextBoolean()) {
      return SecretRefs.NONE;
    }
    String file = name();
    String env = name();
    return new SecretRefs(
        List.of(file), Map.of("V_" + random.nextInt(100), env), Map.of(file, text(), env, text()));
  }

  private ComponentSpec spec() {
    for (int attempt = 0; ; attempt++) {
      try {
        Map<String, String> env = new HashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          env.put("K" + i + "_" + random.nextInt(100), text());
        }
        RestartPolicy.Kind[] kinds = RestartPolicy.Kind.values();
        RestartPolicy.Kind kind = kinds[random.nextInt(kinds.length)];
        Optional<HealthSpec> health =
            random.nextBoolean()
                ? Optional.of(
                    new HealthSpec(
                        List.of("CMD", text()),
                        millis(),
                        1 + random.nextInt(10),
                        millis(),
                        millis()))
                : Optional.empty();
        return new ComponentSpec(
            name(),
            "registry.example.net/" + name() + ":v" + random.nextInt(100),
            texts(),
            env,
            texts(),
            texts(),
            random.nextBoolean() ? Optional.of(text()) : Optional.empty(),
            random.nextBoolean() ? Optional.of(text()) : Optional.empty(),
            new RestartPolicy(kind, random.nextInt(3) == 0 ? 0 : random.nextInt(10)),
            random.nextBoolean() ? List.of(name()) : List.of(),
            millis(),
            health,
            secrets());
      } catch (IllegalArgumentException e) {
        // a combination the records refuse (they validate): draw again
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  @Test
  void everyGeneratedSpecReadsBackEqual() {
    for (int i = 0; i < 2000; i++) {
      ComponentSpec spec = spec();
      assertThat(ComponentSpecJson.read(ComponentSpecJson.write(spec)))
          .as("spec #%d", i)
          .contains(spec);
    }
  }

  @Test
  void textThisVersionDidNotWriteIsEmpty() {
    assertThat(ComponentSpecJson.read("not json")).isEmpty();
    assertThat(ComponentSpecJson.read("{\"name\":\"x\"}")).isEmpty();
  }
}
