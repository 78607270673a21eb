package net.metacircular.mcp.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.reconcile.AgentHarness;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.registry.RegistryException;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's data dir on a small tmpfs that fills up: the failure is reported clearly, the
 * database is not corrupted, and the agent continues once space is freed.
 */
@RequiresPodman
class DiskFullTest {

  private static int sh(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  /** Writes zeros until the file system is full. */
  private static void fill(Path filler) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }

  private static List<Event> events(Registry r) {
    return r.events(EventQuery.recent(10_000).oldestFirst());
  }

  @Test
  void aFullDataDirIsReportedDoesNotCorruptTheRegistryAndIsSurvived(TestPodman t, @TempDir Path tmp)
      throws Exception {
    Path mnt = Files.createDirectories(tmp.resolve("mnt"));
    int mounted = sh("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt.toString());
    Assumptions.assumeTrue(
        mounted == 0,
        "mounting a tmpfs is not permitted here (needs root or CAP_SYS_ADMIN); skipped");
    try {
      run(t, mnt);
    } finally {
      t.removeAll();
      if (sh("umount", mnt.toString()) != 0) {
        sh("umount", "-l", mnt.toString());
      }
    }
  }

  private void run(TestPodman t, Path root) throws Exception {
    String a = t.service("a");
    String b = t.service("b");
    Path filler = root.resolve("filler");
    List<Event> beforeFull;
    try (AgentHarness h = new AgentHarness(t, root, PlanOptions.DEFAULTS)) {
      h.write(a, h.service(a, AgentHarness.component("api", t.image())));
      h.reconcile();
      assertThat(h.container(a + "-api").running()).isTrue();
      beforeFull = events(h.registry());

      // The change is written, then the disk fills up.
      h.write(b, h.service(b, AgentHarness.component("api", t.image())));
      h.write(a, h.service(a, AgentHarness.component("api", t.image("2"))));
      fill(filler);

      String aId = h.container(a + "-api").id();
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(h::reconcile)
            .isInstanceOf(RegistryException.class)
            .hasMessageContaining("the registry " + root.resolve("data/mcp.db") + " failed")
            .hasMessageContaining("check the disk (space, permissions)");
      }
      // Nothing is done that could not be recorded.
      assertThat(h.container(a + "-api").id()).isEqualTo(aId);
      assertThat(h.exists(b + "-api")).isFalse();
      assertThat(h.events())
          .isEqualTo(beforeFull.stream().map(e -> e.kind().word() + ": " + e.message()).toList());

      // Space is freed: the agent continues and converges.
      Files.delete(filler);
      h.reconcile();
      h.reconcile();
      assertThat(h.container(a + "-api").image()).isEqualTo(t.image("2"));
      assertThat(h.container(b + "-api").running()).isTrue();
      assertThat(t.containers()).hasSize(2);
    }

    Path db = root.resolve("data/mcp.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
    try (Registry r = Registry.open(db, Clock.systemUTC())) {
      assertThat(events(r)).containsAll(beforeFull);
      assertThat(r.service(a)).isPresent();
      assertThat(r.service(b)).isPresent();
    }
  }
}
