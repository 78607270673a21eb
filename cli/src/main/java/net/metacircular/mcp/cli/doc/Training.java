package net.metacircular.mcp.cli.doc;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.cli.AfterPush;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.FastPath;
import net.metacircular.mcp.cli.McpCommand;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.ApiMapper;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.ConfigLoader;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.schema.api.EventsResponse;
import net.metacircular.mcp.schema.api.HealthResponse;
import net.metacircular.mcp.schema.api.PsResponse;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.ServiceDetail;
import net.metacircular.mcp.schema.api.ServicesResponse;
import net.metacircular.mcp.schema.api.StatusResponse;
import picocli.CommandLine;

/**
 * The training run of the class-data sharing archive made at package time ({@code
 * -XX:ArchiveClassesAtExit}): loads what commands load — every command's model and help, the JSON
 * mapper reading each answer, the HTTPS client up to a refused connection — so that {@code bin/mcp}
 * maps those classes instead of loading and verifying them on every run. With {@code KEYSTORE
 * PASSWORD CA_PEM} (as {@code dist/assemble} runs it for the AOT cache), also {@code mcp ps} and
 * {@code mcp status} against a {@link TrainingAgent}: the TLS handshake and the tables too.
 */
public final class Training {
  private Training() {}

  public static void main(String[] args) throws Exception {
    // As Main starts: the environment and the terminal check (System.console() and the console
    // providers it looks up), so that their classes are in the archive and the cache too.
    CliEnv.system();
    CliEnv env =
        new CliEnv(
            Path.of("/nonexistent"), Map.of(), new BufferedReader(new StringReader("")), false);
    CommandLine cl = McpCommand.commandLine(env, AfterPush.NONE);
    StringWriter sink = new StringWriter();
    cl.setOut(new PrintWriter(sink));
    cl.setErr(new PrintWriter(sink));
    cl.execute("--help");
    CommandLine help = McpCommand.commandLine(env, AfterPush.NONE, new String[] {"--help"});
    help.setOut(new PrintWriter(sink));
    help.execute("--help");
    // and as main prints it: the text packaged at build time (RootHelp), without picocli
    FastPath.run(new String[] {"--help"}, env, new PrintWriter(sink), new PrintWriter(sink));
    for (String c : List.of("status", "ps", "list", "deploy", "node")) {
      McpCommand.commandLine(env, AfterPush.NONE, new String[] {c}).getCommandSpec();
    }
    var mapper = ApiMapper.get();
    String source =
        "{\"location\":\"x\",\"branch\":\"main\",\"fetched_commit\":\"a\",\"applied_commit\":\"a\","
            + "\"last_fetch_at\":\"2025-01-02T03:04:05Z\",\"last_success_at\":\"2025-01-02T03:04:05Z\"}";
    String component =
        "{\"name\":\"api\",\"container\":\"s-api\",\"desired_image\":\"i\",\"desired_running\":true,"
            + "\"observed_state\":\"running\",\"started_at\":\"2025-01-02T03:04:05.678Z\","
            + "\"managed\":true,\"drift\":false,\"out_of_sync\":false}";
    String event =
        "{\"id\":1,\"at\":\"2025-01-02T03:04:05Z\",\"service\":\"s\",\"kind\":\"created\","
            + "\"message\":\"m\"}";
    String status =
        "{\"node\":\"n\",\"healthy\":true,\"at\":\"2025-01-02T03:04:05Z\",\"source\":"
            + source
            + ",\"services\":[{\"name\":\"s\",\"active\":true,\"deploy\":\"auto\",\"components\":["
            + component
            + "]}],\"events\":["
            + event
            + "]}";
    mapper.readValue(status, StatusResponse.class);
    String ps =
        "{\"node\":\"n\",\"at\":\"2025-01-02T03:04:05Z\",\"containers\":[{\"id\":\"x\",\"name\":"
            + "\"s-api\",\"state\":\"running\",\"uptime_seconds\":5,\"managed\":true}]}";
    mapper.readValue(ps, PsResponse.class);
    mapper.readValue(
        "{\"node\":\"n\",\"services\":[{\"name\":\"s\",\"node\":\"n\",\"active\":true,"
            + "\"components\":[{\"name\":\"api\",\"applied_at\":\"2025-01-02T03:04:05Z\"}]}]}",
        ServicesResponse.class);
    mapper.readValue("{\"events\":[" + event + "]}", EventsResponse.class);
    mapper.readValue(
        "{\"commit\":\"a\",\"failed\":false,\"actions\":[{\"service\":\"s\",\"kind\":\"create\"}],"
            + "\"rejections\":[{\"service\":\"s\",\"errors\":[\"e\"]}]}",
        ReconcileResponse.class);
    mapper.readValue("{\"service\":{\"name\":\"s\"},\"spec_toml\":\"x\"}", ServiceDetail.class);
    mapper.readValue("{\"status\":\"ok\",\"version\":\"1\"}", HealthResponse.class);
    mapper.readTree("{\"code\":\"NOT_FOUND\",\"message\":\"m\"}");
    Output.json(Map.of("k", List.of(1, "x")));
    CliConfig config =
        new CliConfig(
            Path.of("/nonexistent/mcp.toml"),
            Path.of("/nonexistent"),
            Path.of("/nonexistent/token"),
            Optional.empty(),
            Optional.of(Path.of("/srv")),
            List.of(new Node("n", "127.0.0.1:1")));
    Agents agents = new Agents(config, Duration.ofSeconds(2));
    try {
      agents.client(config.nodes().get(0)).getPublic("/healthz", HealthResponse.class);
    } catch (CliException expected) {
      // refused: nothing listens on port 1
    }
    if (args.length == 3) {
      againstAnAgent(Path.of(args[0]), args[1].toCharArray(), Path.of(args[2]), ps, status);
    }
  }

  /**
   * {@code mcp ps} and {@code mcp status} as an operator runs them, against a {@link TrainingAgent}
   * with the key in {@code keyStore} whose certificate is {@code caCert}.
   */
  private static void againstAnAgent(
      Path keyStore, char[] password, Path caCert, String ps, String status) throws Exception {
    Path dir = Files.createTempDirectory("mcp-training");
    try (TrainingAgent agent =
        new TrainingAgent(keyStore, password, Map.of("/v1/ps", ps, "/v1/status", status))) {
      Files.writeString(dir.resolve("token"), "training\n");
      Path config = dir.resolve("mcp.toml");
      Files.writeString(
          config,
          "services_dir = \""
              + dir
              + "\"\ntoken_file = \""
              + dir.resolve("token")
              + "\"\nca_cert = \""
              + caCert
              + "\"\n\n[[nodes]]\nname = \"n\"\naddress = \""
              + agent.address()
              + "\"\n");
      CliEnv env =
          new CliEnv(
              dir,
              Map.of(ConfigLoader.ENV_VAR, config.toString()),
              new BufferedReader(new StringReader("")),
              false);
      for (String command : List.of("ps", "status")) {
        String[] args = {command};
        CommandLine cl = McpCommand.commandLine(env, AfterPush.NONE, args);
        StringWriter sink = new StringWriter();
        cl.setOut(new PrintWriter(sink));
        cl.setErr(new PrintWriter(sink));
        int code = cl.execute(args);
        // and as main runs them: through the fast path, without picocli's model
        int fast = FastPath.run(args, env, new PrintWriter(sink), new PrintWriter(sink)).orElse(-1);
        if (code != 0 || fast != 0) {
          throw new IllegalStateException(
              "training: mcp " + command + " exited " + code + " and " + fast + ": " + sink);
        }
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
