package net.metacircular.mcp.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.reconcile.AgentHarness;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that deletes every service file: with prune on only this node's managed containers go;
 * with prune off nothing goes and the orphans are reported. Foreign containers and another node's
 * managed containers are never touched.
 */
@RequiresPodman
class DeleteEverythingTest {

  private static List<String> setUp(AgentHarness h, TestPodman t) throws Exception {
    List<String> mine = new ArrayList<>();
    for (String s : List.of("a", "b", "c")) {
      String svc = t.service(s);
      h.write(svc, h.service(svc, AgentHarness.component("api", t.image())));
      mine.add(svc + "-api");
    }
    h.reconcile();
    assertThat(mine).allSatisfy(n -> assertThat(h.container(n).running()).isTrue());
    t.runOutside(t.name("foreign"), Map.of("app", "hand-made"));
    Map<String, String> other = new HashMap<>();
    other.put("mcp.managed", "true");
    other.put("mcp.node", "some-other-node");
    other.put("mcp.service", t.service("other"));
    other.put("mcp.component", "api");
    t.runOutside(t.service("other") + "-api", other);
    for (String s : List.of("a", "b", "c")) {
      h.delete(t.service(s));
    }
    return mine;
  }

  private static Map<String, String> ids(TestPodman t) {
    Map<String, String> out = new HashMap<>();
    for (ObservedContainer c : t.containers()) {
      out.put(c.name(), c.id());
    }
    return out;
  }

  @Test
  void withPruneOnOnlyThisNodesManagedContainersGo(TestPodman t, @TempDir Path root)
      throws Exception {
    try (AgentHarness h = new AgentHarness(t, root, PlanOptions.DEFAULTS)) {
      List<String> mine = setUp(h, t);
      Map<String, String> before = ids(t);

      h.reconcile();

      Map<String, String> after = ids(t);
      assertThat(after.keySet())
          .containsExactlyInAnyOrder(t.name("foreign"), t.service("other") + "-api");
      assertThat(after.get(t.name("foreign"))).isEqualTo(before.get(t.name("foreign")));
      assertThat(after.get(t.service("other") + "-api"))
          .isEqualTo(before.get(t.service("other") + "-api"));
      assertThat(h.container(t.name("foreign")).running()).isTrue();
      assertThat(h.container(t.service("other") + "-api").running()).isTrue();
      for (String name : mine) {
        assertThat(h.events()).anyMatch(e -> e.startsWith("pruned: ") && e.contains(name));
      }
      assertThat(h.events()).noneMatch(e -> e.contains(t.name("foreign")));
      assertThat(h.events()).noneMatch(e -> e.contains(t.service("other")));
      assertThat(h.registry().services()).noneMatch(s -> s.name().startsWith(t.prefix()));

      // Nothing more to do: the next cycle is a no-op and the survivors are untouched.
      h.reconcile();
      assertThat(ids(t)).isEqualTo(after);
    }
  }

  @Test
  void withPruneOffNothingGoesAndTheOrphansAreReported(TestPodman t, @TempDir Path root)
      throws Exception {
    try (AgentHarness h = new AgentHarness(t, root, new PlanOptions(true, false, Set.of()))) {
      List<String> mine = setUp(h, t);
      Map<String, String> before = ids(t);

      h.reconcile();
      h.reconcile();

      assertThat(ids(t)).isEqualTo(before);
      assertThat(t.containers()).allSatisfy(c -> assertThat(c.running()).isTrue());
      for (String name : mine) {
        assertThat(h.events())
            .filteredOn(e -> e.contains(name) && e.contains("not removed because prune is off"))
            .as("reported once for " + name)
            .hasSize(1);
      }
      assertThat(h.events()).noneMatch(e -> e.startsWith("pruned: "));
      assertThat(h.events()).noneMatch(e -> e.contains(t.name("foreign")));
      assertThat(h.events()).noneMatch(e -> e.contains(t.service("other")));
    }
  }
}
