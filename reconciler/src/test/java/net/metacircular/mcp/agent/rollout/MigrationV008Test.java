package net.metacircular.mcp.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.testing.TestClock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V008 on a registry of the release before it: a soak in progress keeps its phase and time, and has
 * no baseline (the agent takes one from its containers then); baselines are kept per component.
 */
class MigrationV008Test {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void aSoakInProgressAtTheMigrationKeepsItsTimeAndBaselinesAreKeptFromThenOn() throws Exception {
    Path db = dir.resolve("mcp.db");
    try (Handle st = Jdbi.create("jdbc:sqlite:" + db).open()) {
      for (int v = 1; v <= 7; v++) {
        st.createScript(resource("db/V00" + v + ".sql")).execute();
      }
      st.execute("PRAGMA user_version = 7");
      st.execute(
          "INSERT INTO rollouts (service, phase, commit_id, since, until) VALUES"
              + " ('web', 'soaking', 'c2', ?, ?)",
          T0,
          T0 + 30_000);
    }

    try (Registry r = Registry.open(db, new TestClock())) {
      RolloutStore store = new RolloutStore(r);
      RolloutState web = store.states().get("web");
      assertThat(web.phase()).isEqualTo(Phase.SOAKING);
      assertThat(web.until())
          .hasValueSatisfying(u -> assertThat(u.toEpochMilli()).isEqualTo(T0 + 30_000));
      assertThat(store.baseline("web")).isEmpty();

      store.putBaseline(
          "web", Map.of("api", new Soak.Baseline("id1", 0), "db", new Soak.Baseline("id2", 3)));
      store.putBaseline("web", Map.of("api", new Soak.Baseline("id3", 1)));
      assertThat(store.baseline("web"))
          .as("a new soak's baseline replaces the last")
          .isEqualTo(Map.of("api", new Soak.Baseline("id3", 1)));
      store.putBaseline("other", Map.of("api", new Soak.Baseline("id4", 0)));
      store.removeBaseline("web");
      assertThat(store.baseline("web")).isEmpty();
      store.forget("other");
      assertThat(store.baseline("other")).isEmpty();
    }
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = MigrationV008Test.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
