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
 * maps those classes instead of loading and verifying them on every run.
 *
 * <p>With {@code PASSWORD KEYSTORE CA_PEM [KEYSTORE CA_PEM]…} (as {@code dist/assemble} runs it),
 * also {@code mcp ps} and {@code mcp status} against a {@link TrainingAgent} per key store, whose
 * certificate {@code CA_PEM} signed: the TLS handshake and the tables too, with each key type the
 * agents may have. With {@code --fast-path} first, only those two, as {@code Main} runs them
 * without picocli: the training of the AOT cache that {@code mcp ps} and {@code mcp status} map,
 * which starts the sooner the fewer classes it holds.
 */
public final class Training {
  private static final String SOURCE =
      "{\"location\":\"x\",\"branch\":\"main\",\"fetched_commit\":\"a\",\"applied_commit\":\"a\","
          + "\"last_fetch_at\":\"2025-01-02T03:04:05Z\",\"last_success_at\":\"2025-01-02T03:04:05Z\"}";
  private static final String COMPONENT =
      "{\"name\":\"api\",\"container\":\"s-api\",\"desired_image\":\"i\",\"desired_running\":true,"
          + "\"observed_state\":\"running\",\"started_at\":\"2025-01-02T03:04:05.678Z\","
          + "\"managed\":true,\"drift\":false,\"out_of_sync\":false}";
  private static final String EVENT =
      "{\"id\":1,\"at\":\"2025-01-02T03:04:05Z\",\"service\":\"s\",\"kind\":\"created\","
          + "\"message\":\"m\"}";
  private static final String STATUS =
      "{\"node\":\"n\",\"healthy\":true,\"at\":\"2025-01-02T03:04:05Z\",\"source\":"
          + SOURCE
          + ",\"services\":[{\"name\":\"s\",\"active\":true,\"deploy\":\"auto\",\"components\":["
          + COMPONENT
          + "]}],\"events\":["
          + EVENT
          + "]}";
  private static final String PS =
      "{\"node\":\"n\",\"at\":\"2025-01-02T03:04:05Z\",\"containers\":[{\"id\":\"x\",\"name\":"
          + "\"s-api\",\"state\":\"running\",\"uptime_seconds\":5,\"managed\":true}]}";

  private Training() {}

  public static void main(String[] args) throws Exception {
    // As Main starts: the environment and the terminal check (System.console() and the console
    // providers it looks up), so that their classes are in the archive and the cache too.
    CliEnv.system();
    boolean fastPathOnly = args.length > 0 && args[0].equals("--fast-path");
    List<String> agents = List.of(args).subList(fastPathOnly ? 1 : 0, args.length);
    if (fastPathOnly && agents.size() < 3) {
      throw new IllegalArgumentException(
          "usage: Training --fast-path PASSWORD KEYSTORE CA_PEM [KEYSTORE CA_PEM]...");
    }
    if (!fastPathOnly) {
      everyCommand();
    }
    for (int i = 1; i + 1 < agents.size(); i += 2) {
      againstAnAgent(
          Path.of(agents.get(i)),
          agents.get(0).toCharArray(),
          Path.of(agents.get(i + 1)),
          fastPathOnly);
    }
  }

  private static void everyCommand() throws Exception {
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
    mapper.readValue(STATUS, StatusResponse.class);
    mapper.readValue(PS, PsResponse.class);
    mapper.readValue(
        "{\"node\":\"n\",\"services\":[{\"name\":\"s\",\"node\":\"n\",\"active\":true,"
            + "\"components\":[{\"name\":\"api\",\"applied_at\":\"2025-01-02T03:04:05Z\"}]}]}",
        ServicesResponse.class);
    mapper.readValue("{\"events\":[" + EVENT + "]}", EventsResponse.class);
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
  }

  /**
   * {@code mcp ps} and {@code mcp status} as an operator runs them (as {@code Main} does, and
   * unless {@code fastPathOnly} through picocli too), against a {@link TrainingAgent} with the key
   * in {@code keyStore}, whose certificate {@code caCert} signed.
   */
  private static void againstAnAgent(
      Path keyStore, char[] password, Path caCert, boolean fastPathOnly) throws Exception {
    Path dir = Files.createTempDirectory("mcp-training");
    try (TrainingAgent agent =
        new TrainingAgent(keyStore, password, Map.of("/v1/ps", PS, "/v1/status", STATUS))) {
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
        StringWriter sink = new StringWriter();
        int code = 0;
        if (!fastPathOnly) {
          CommandLine cl = McpCommand.commandLine(env, AfterPush.NONE, args);
          cl.setOut(new PrintWriter(sink));
          cl.setErr(new PrintWriter(sink));
          code = cl.execute(args);
        }
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
