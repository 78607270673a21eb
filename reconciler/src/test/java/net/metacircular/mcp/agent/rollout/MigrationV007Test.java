package net.metacircular.mcp.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.agent.registry.ComponentSpecJson;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import net.metacircular.mcp.schema.SecretRefs;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V007 on a registry of the release before it: what runs becomes each service's last healthy. */
class MigrationV007Test {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void servicesRunningASpecAreSeededAsLastHealthy() throws Exception {
    Path db = dir.resolve("mcp.db");
    ComponentSpec api =
        new ComponentSpec(
            "api",
            "registry.example.net/app:1",
            List.of("serve"),
            java.util.Map.of("PORT", "8080"),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            RestartPolicy.UNLESS_STOPPED,
            List.of(),
            Duration.ofSeconds(10),
            Optional.empty(),
            SecretRefs.NONE);
    try (Handle st = Jdbi.create("jdbc:sqlite:" + db).open()) {
      for (int v = 1; v <= 6; v++) {
        st.createScript(resource("db/V00" + v + ".sql")).execute();
      }
      st.execute("PRAGMA user_version = 6");
      service(st, "running", "c1");
      component(st, "running", "api", ComponentSpecJson.write(api));
      service(st, "unknown", "c2");
      component(st, "unknown", "api", null);
    }

    try (Registry r = Registry.open(db, new TestClock())) {
      RolloutStore store = new RolloutStore(r);
      assertThat(store.lastHealthy("running"))
          .hasValue(new LastHealthy("running", "c1", List.of(api)));
      assertThat(store.lastHealthy("unknown")).as("its applied spec was not recorded").isEmpty();
      assertThat(store.quarantines()).isEmpty();
      assertThat(store.states()).isEmpty();
    }
  }

  private static void service(Handle st, String name, String commit) {
    st.execute(
        "INSERT INTO services (name, node, active, deploy_mode, spec_toml, spec_commit,"
            + " applied_commit, applied_at, updated_at) VALUES (?, 'rift', 1, 'auto', 'x', ?, ?,"
            + " ?, ?)",
        name,
        commit,
        commit,
        T0,
        T0);
  }

  private static void component(Handle st, String service, String name, String json) {
    st.execute(
        "INSERT INTO components (service, component, spec_hash, image, applied_commit,"
            + " applied_at, spec_json) VALUES (?, ?, 'h', 'img', 'c', ?, ?)",
        service,
        name,
        T0,
        json);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MigrationV007Test.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
