package net.metacircular.mcp.agent.registry;

import static net.metacircular.mcp.agent.registry.Fixtures.C1;
import static net.metacircular.mcp.agent.registry.Fixtures.TOML;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;
import net.metacircular.mcp.schema.status.FailureClass;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V003 on a registry made by the release before it (schema 2, conditions as strings): the history
 * is kept and every condition string becomes its typed condition, with its {@code since}.
 */
class MigrationV003Test {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void aRegistryOfTheLastReleaseKeepsItsHistoryAndGetsTypedConditions() throws Exception {
    Path db = dir.resolve("mcp.db");
    // The release before V003 applied V001 and V002 as Migrations does: as scripts.
    try (Handle st = Jdbi.create("jdbc:sqlite:" + db).open()) {
      st.createScript(resource("db/V001.sql")).execute();
      st.createScript(resource("db/V002.sql")).execute();
      st.execute("PRAGMA user_version = 2");
      st.execute(
          "INSERT INTO services (name, node, active, deploy_mode, spec_toml, spec_commit,"
              + " applied_commit, applied_at, updated_at) VALUES ('metacrypt', 'rift', 1, 'auto',"
              + " '"
              + TOML.replace("'", "''")
              + "', '"
              + C1
              + "', '"
              + C1
              + "', "
              + T0
              + ", "
              + T0
              + ")");
      st.execute(
          "INSERT INTO components (service, component, spec_hash, image, applied_commit,"
              + " applied_at, container_id, observed_state, state_since) VALUES ('metacrypt', 'api',"
              + " 'h1', 'reg/metacrypt:1', '"
              + C1
              + "', "
              + T0
              + ", 'c0ffee', 'running', "
              + T0
              + ")");
      for (int i = 0; i < 3; i++) {
        st.execute(
            "INSERT INTO events (at, service, component, kind, message, commit_id) VALUES ("
                + (T0 + i)
                + ", 'metacrypt', 'api', 'failed', 'failed to create metacrypt-api: no such"
                + " image', '"
                + C1
                + "')");
      }
      String[][] conditions = {
        {"api", "failed:activate"},
        {"web", "drift:exited"},
        {"db", "conflict:foreign"},
        {"ui", "out-of-sync:0123456789ab"},
        {"old", "orphan:prune-off"},
        {"idle", "inactive"},
        {"gone", "drift:"},
      };
      int n = 0;
      for (String[] row : conditions) {
        st.execute(
            "INSERT INTO conditions (service, component, condition, since) VALUES ('metacrypt', '"
                + row[0]
                + "', '"
                + row[1]
                + "', "
                + (T0 + 1000L * n++)
                + ")");
      }
    }

    try (Registry r = Registry.open(db, new TestClock())) {
      assertThat(r.schemaVersion()).isGreaterThanOrEqualTo(3);
      assertThat(r.services()).extracting(ServiceRecord::name).containsExactly("metacrypt");
      assertThat(r.component("metacrypt", "api").orElseThrow().containerId()).contains("c0ffee");
      assertThat(r.events(EventQuery.recent(10)))
          .hasSize(3)
          .allMatch(e -> e.message().startsWith("failed to create metacrypt-api"));

      Map<String, ComponentCondition> byName =
          r.conditions().stream()
              .collect(Collectors.toMap(ComponentCondition::component, Function.identity()));
      assertThat(byName.get("api"))
          .isEqualTo(
              new ComponentCondition(
                  "metacrypt",
                  "api",
                  Condition.failed(
                      "failed to activate (recorded by an earlier mcp-agent)",
                      new Failure(
                          FailureClass.TRANSIENT,
                          "activate",
                          1,
                          Instant.ofEpochMilli(T0),
                          Optional.empty())),
                  Instant.ofEpochMilli(T0)));
      assertThat(byName.get("web").condition())
          .isEqualTo(Condition.of(ConditionKind.DRIFT, "exited"));
      assertThat(byName.get("web").since()).isEqualTo(Instant.ofEpochMilli(T0 + 1000));
      assertThat(byName.get("db").condition())
          .isEqualTo(Condition.of(ConditionKind.CONFLICT, "foreign"));
      assertThat(byName.get("ui").condition())
          .isEqualTo(Condition.of(ConditionKind.OUT_OF_SYNC, "newer spec 0123456789ab"));
      assertThat(byName.get("old").kind()).isEqualTo(ConditionKind.DRIFT);
      assertThat(byName.get("old").condition().detail()).contains("prune is off");
      assertThat(byName.get("idle").kind()).isEqualTo(ConditionKind.INACTIVE);
      assertThat(byName.get("gone").condition().detail()).isNotBlank();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MigrationV003Test.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
