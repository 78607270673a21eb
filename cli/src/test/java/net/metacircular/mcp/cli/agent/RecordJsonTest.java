package net.metacircular.mcp.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.metacircular.mcp.schema.api.ContainerInfo;
import net.metacircular.mcp.schema.api.EventsResponse;
import net.metacircular.mcp.schema.api.LogsResponse;
import net.metacircular.mcp.schema.api.NotifyStatus;
import net.metacircular.mcp.schema.api.NotifyTestResponse;
import net.metacircular.mcp.schema.api.PsResponse;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.StatusResponse;
import org.junit.jupiter.api.Test;

/**
 * The small reader gives what Jackson ({@link ApiMapper}) gives, or nothing (and Jackson reads it).
 * The same against a real agent's answers: {@code RecordJsonAgentTest}.
 */
class RecordJsonTest {
  private static final String COMPONENT =
      "{\"name\":\"api\",\"container\":\"s-api\",\"desired_image\":\"i\",\"desired_running\":true,"
          + "\"observed_state\":\"running\",\"started_at\":\"2025-01-02T03:04:05.678Z\","
          + "\"managed\":true,\"drift\":false,\"out_of_sync\":false,\"restart_count\":null}";

  private static final String STATUS =
      "{\"node\":\"n\",\"healthy\":true,\"at\":\"2025-01-02T03:04:05.123456789Z\",\"source\":"
          + "{\"location\":\"x\",\"branch\":\"main\",\"fetched_commit\":\"a\",\"last_fetch_at\":"
          + "\"2025-01-02T03:04:05Z\",\"error\":null,\"error_kind\":null},"
          + "\"last_reconcile_at\":null,\"services\":[{\"name\":\"s\",\"active\":true,"
          + "\"deploy\":\"auto\",\"components\":["
          + COMPONENT
          + "],\"rollout\":{\"phase\":\"soaking\",\"since\":\"2025-01-02T03:04:05Z\","
          + "\"until\":\"2025-01-02T03:05:05Z\"},\"future_field\":{\"a\":[1,2.5,-3e2,null]}}],"
          + "\"events\":[{\"id\":9007199254740993,\"at\":\"2025-01-02T03:04:05Z\",\"kind\":"
          + "\"failed\",\"message\":\"quote \\\" backslash \\\\ tab \\t line\\nunicode \\u00e9"
          + " \\ud83d\\ude00 \u00fc\"}],\"drift_watch\":{\"mode\":\"polling\",\"restarts\":2},"
          + "\"notifications\":{\"receivers\":1,\"open_incidents\":0}}";

  @Test
  void readsWhatJacksonReads() throws Exception {
    List<Case<?>> cases =
        List.of(
            new Case<>(STATUS, StatusResponse.class),
            new Case<>(" \n{ \"node\" : \"n\" , \"containers\" : [ ] }\n", PsResponse.class),
            new Case<>(
                "{\"node\":\"n\",\"at\":\"2025-01-02T03:04:05Z\",\"containers\":[{\"id\":\"x\","
                    + "\"name\":\"s-api\",\"state\":\"running\",\"uptime_seconds\":5,"
                    + "\"managed\":true},{\"id\":\"y\",\"uptime_seconds\":null}]}",
                PsResponse.class),
            new Case<>("{}", PsResponse.class),
            new Case<>("{\"node\":\"n\",\"containers\":null}", PsResponse.class),
            new Case<>("{\"events\":[]}", EventsResponse.class),
            new Case<>(
                "{\"commit\":\"a\",\"failed\":false,\"actions\":[{\"service\":\"s\","
                    + "\"kind\":\"create\"}],\"rejections\":[{\"service\":\"s\",\"errors\":"
                    + "[\"e\",\"f\"]}]}",
                ReconcileResponse.class),
            new Case<>("{\"tail\":-20,\"text\":\"x\"}", LogsResponse.class),
            // null for a primitive is its default (FAIL_ON_NULL_FOR_PRIMITIVES is off)
            new Case<>("{\"receivers\":null,\"failed\":7}", NotifyStatus.class));
    for (Case<?> c : cases) {
      Object jackson = ApiMapper.get().readValue(c.json(), c.type());
      assertThat(RecordJson.read(bytes(c.json()), c.type()).<Object>map(v -> v))
          .as(c.json())
          .contains(jackson);
    }
  }

  @Test
  void leavesToJacksonWhatItIsNotSureOf() {
    List<Case<?>> cases =
        List.of(
            new Case<>("{\"node\":5}", PsResponse.class),
            new Case<>("{\"at\":1735787045}", PsResponse.class),
            new Case<>("{\"at\":\"yesterday\"}", PsResponse.class),
            new Case<>("{\"containers\":[{\"uptime_seconds\":\"5\"}]}", PsResponse.class),
            new Case<>("{\"containers\":[{\"uptime_seconds\":5.0}]}", PsResponse.class),
            new Case<>(
                "{\"containers\":[{\"uptime_seconds\":99999999999999999999}]}", PsResponse.class),
            new Case<>("{\"receivers\":4294967296}", NotifyStatus.class),
            new Case<>("{\"containers\":{}}", PsResponse.class),
            new Case<>("{\"node\":\"n\"", PsResponse.class),
            new Case<>("{\"node\":\"n\"} x", PsResponse.class),
            new Case<>("{\"node\":'n'}", PsResponse.class),
            new Case<>("{\"node\":\"\\x\"}", PsResponse.class),
            new Case<>("{\"managed\":01}", ContainerInfo.class),
            new Case<>("[]", PsResponse.class),
            new Case<>("", PsResponse.class),
            // the record's constructor refuses (a null node): Jackson's error says so
            new Case<>("{\"receivers\":[]}", NotifyTestResponse.class));
    for (Case<?> c : cases) {
      assertThat(RecordJson.read(bytes(c.json()), c.type())).as(c.json()).isEmpty();
    }
    assertThat(RecordJson.read(bytes("{}"), String.class)).isEmpty();
  }

  @Test
  void namesFieldsAsJacksonsSnakeCase() {
    var jackson = new PropertyNamingStrategies.SnakeCaseStrategy();
    for (String name :
        List.of("uptimeSeconds", "lastReconcileAt", "node", "someURLValue", "_x", "aB", "a_B")) {
      assertThat(RecordJson.snakeCase(name)).as(name).isEqualTo(jackson.translate(name));
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private record Case<T>(String json, Class<T> type) {}
}
