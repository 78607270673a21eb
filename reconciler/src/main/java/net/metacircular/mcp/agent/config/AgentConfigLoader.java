package net.metacircular.mcp.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.schema.Durations;
import net.metacircular.mcp.schema.Names;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** Reads {@code mcp-agent.toml}: every problem in the file reported at once, or a config. */
public final class AgentConfigLoader {
  private AgentConfigLoader() {}

  public static AgentConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          List.of(file + ": no such file; pass the agent's config with --config FILE"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
    }
    return parse(file, text);
  }

  public static AgentConfig parse(Path file, String text) {
    TomlParseResult toml = Toml.parse(text);
    String name = file.toString();
    List<String> problems = new ArrayList<>();
    toml.errors()
        .forEach(
            e ->
                problems.add(
                    name
                        + ":"
                        + e.position().line()
                        + ":"
                        + e.position().column()
                        + ": "
                        + e.getMessage()));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    ConfigTable root = new ConfigTable(name, "", toml, problems);
    AgentConfig config = read(file, root, problems);
    root.reportUnread();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  /**
   * The keys the agent reads, by table ({@code ""} for the top level, then {@code "source"}, {@code
   * "server"}, …): whatever else a file holds is an unknown key.
   */
  static Map<String, Set<String>> knownKeys() {
    List<String> problems = new ArrayList<>();
    ConfigTable root = new ConfigTable("known", "", Toml.parse(""), problems);
    read(Path.of("known"), root, problems);
    return root.keysRead();
  }

  /** The config, or null when there are problems (all of them added to {@code problems}). */
  private static AgentConfig read(Path file, ConfigTable root, List<String> problems) {
    String node = root.requiredString("node", "\"rift\"");
    if (!node.isEmpty() && !Names.isValid(node)) {
      root.problem("node", "expected lower-case letters, digits and '-', got \"" + node + "\"");
    }
    Path dataDir = root.path("data_dir").orElse(Path.of("/srv/mcp"));
    Path servicesRoot = root.path("services_root").orElse(Path.of("/srv"));
    SourceConfig source = source(root.table("source"), problems);
    ServerConfig server = server(root.table("server"), dataDir);
    AuthConfig auth = auth(root.table("auth"));
    ReconcileConfig reconcile = reconcile(root.table("reconcile"));
    RegistryConfig registry = registry(root.table("registry"));
    SecretsConfig secrets = new SecretsConfig(root.table("secrets").path("identity"));
    CrashLoopConfig crashLoop = crashLoop(root.table("crash_loop"));
    List<NotifyConfig> notify =
        NotifyConfigReader.readAll(root.tables("notify", NotifyConfigReader::read));
    IncidentsConfig incidents = incidents(root.table("incidents"));
    if (!problems.isEmpty()) {
      return null;
    }
    return new AgentConfig(
        file,
        node,
        dataDir,
        servicesRoot,
        source,
        server,
        auth,
        reconcile,
        registry,
        secrets,
        crashLoop,
        notify,
        incidents);
  }

  private static IncidentsConfig incidents(ConfigTable t) {
    IncidentsConfig d = IncidentsConfig.DEFAULT;
    Duration openAfter = t.duration("open_after", d.openAfter());
    Duration sourceAfter = t.duration("source_after", d.sourceAfter());
    if (openAfter.isNegative()) {
      t.problem("open_after", "must not be negative, e.g. open_after = \"2m\"");
      openAfter = d.openAfter();
    }
    if (sourceAfter.isNegative()) {
      t.problem("source_after", "must not be negative, e.g. source_after = \"10m\"");
      sourceAfter = d.sourceAfter();
    }
    return new IncidentsConfig(openAfter, sourceAfter);
  }

  private static SourceConfig source(ConfigTable t, List<String> problems) {
    Optional<String> url = t.string("url");
    Optional<Path> dir = t.path("dir");
    if (url.isPresent() == dir.isPresent()) {
      t.problem(
          "url",
          url.isPresent()
              ? "give url or dir, not both"
              : "is required: the services repository, e.g. url = \"ssh://git@git.example.net/ops/services.git\"");
      dir = Optional.empty();
      url = Optional.of("invalid:");
    }
    String path = t.string("path").orElse(".");
    if (path.startsWith("/") || List.of(path.split("/")).contains("..")) {
      t.problem(
          "path", "must be a folder inside the repository, without '..', got \"" + path + "\"");
    }
    boolean verify = t.bool("verify_commits", false);
    Optional<Path> trusted = t.path("trusted_keys");
    if (verify && trusted.isEmpty()) {
      t.problem("trusted_keys", "is required when verify_commits = true");
    }
    return new SourceConfig(
        url,
        dir,
        t.string("branch").orElse("main"),
        path,
        t.duration("poll_interval", Duration.ofSeconds(60)),
        t.path("ssh_key"),
        t.path("known_hosts"),
        t.path("token_file"),
        t.string("token_user").orElse("x-access-token"),
        t.path("ca_file"),
        t.path("webhook_secret_file"),
        verify,
        trusted);
  }

  private static ServerConfig server(ConfigTable t, Path dataDir) {
    return new ServerConfig(
        t.string("listen").orElse("0.0.0.0:9443"),
        t.path("cert").orElse(dataDir.resolve("certs/cert.pem")),
        t.path("key").orElse(dataDir.resolve("certs/key.pem")),
        t.bool("public_metrics", true));
  }

  private static AuthConfig auth(ConfigTable t) {
    return new AuthConfig(t.string("mcias_url"), t.path("tokens_file"));
  }

  private static RegistryConfig registry(ConfigTable t) {
    Duration keep = t.duration("keep_events", RegistryConfig.DEFAULT_KEEP_EVENTS);
    if (keep.compareTo(Duration.ofHours(1)) < 0) {
      t.problem("keep_events", "must be at least 1h, got " + Durations.format(keep));
      keep = RegistryConfig.DEFAULT_KEEP_EVENTS;
    }
    return new RegistryConfig(keep);
  }

  private static CrashLoopConfig crashLoop(ConfigTable t) {
    CrashLoopConfig d = CrashLoopConfig.DEFAULT;
    int deaths = t.positiveInt("deaths", d.deaths());
    if (deaths < 2) {
      t.problem("deaths", "must be at least 2 (one death is drift, not a loop), got " + deaths);
      deaths = d.deaths();
    }
    Duration first = t.duration("first_backoff", d.firstBackoff());
    Duration max = t.duration("max_backoff", d.maxBackoff());
    if (first.compareTo(max) > 0) {
      t.problem(
          "first_backoff",
          "must not be longer than max_backoff ("
              + Durations.format(max)
              + "), got "
              + Durations.format(first));
      first = max;
    }
    return new CrashLoopConfig(
        deaths, t.duration("window", d.window()), first, max, t.duration("stable", d.stable()));
  }

  private static ReconcileConfig reconcile(ConfigTable t) {
    return new ReconcileConfig(
        t.bool("self_heal", true),
        t.bool("prune", true),
        t.duration("drift_interval", Duration.ofSeconds(30)),
        t.duration("health_timeout", Duration.ofSeconds(60)),
        t.strings("allowed_volume_roots").stream().map(Path::of).toList(),
        t.string("podman").orElse("podman"),
        t.positiveInt("parallelism", 4),
        t.bool("allow_host_network", false),
        t.duration("soak", ReconcileConfig.DEFAULT_SOAK));
  }
}
