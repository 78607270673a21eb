package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.ApiMapper;
import net.metacircular.mcp.cli.agent.RecordJson;
import net.metacircular.mcp.cli.config.ConfigLoader;
import net.metacircular.mcp.schema.api.EventsResponse;
import net.metacircular.mcp.schema.api.HealthResponse;
import net.metacircular.mcp.schema.api.PsResponse;
import net.metacircular.mcp.schema.api.ServiceDetail;
import net.metacircular.mcp.schema.api.ServicesResponse;
import net.metacircular.mcp.schema.api.StatusResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent's answers, read by {@link RecordJson} (which {@code mcp ps} and {@code mcp status}
 * use instead of Jackson), come out as Jackson reads them, each field; none is left to Jackson.
 */
class RecordJsonAgentTest {
  @Test
  @RequiresPodman
  void readsARealAgentsAnswersAsJacksonDoes(TestPodman t, @TempDir java.nio.file.Path root)
      throws Exception {
    try (AgentFixture f = new AgentFixture(t, root)) {
      Agents agents =
          new Agents(ConfigLoader.load(f.config, f.cli.cliEnv()), Duration.ofSeconds(60));
      AgentClient client = agents.client(f.node);
      Map<String, Class<?>> answers =
          Map.of(
              "/v1/ps",
              PsResponse.class,
              "/v1/status",
              StatusResponse.class,
              "/v1/status?service=" + f.b,
              StatusResponse.class,
              "/v1/services",
              ServicesResponse.class,
              "/v1/services/" + f.a,
              ServiceDetail.class,
              "/v1/events",
              EventsResponse.class,
              "/healthz",
              HealthResponse.class);
      for (Map.Entry<String, Class<?>> e : answers.entrySet()) {
        byte[] body = client.getBytes(e.getKey());
        Object jackson = ApiMapper.get().readValue(body, e.getValue());
        assertThat(RecordJson.read(body, e.getValue()).<Object>map(v -> v))
            .as(e.getKey())
            .contains(jackson);
      }
    } finally {
      t.removeAll();
    }
  }
}
