package net.metacircular.mcp.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.config.AgentConfigLoader;
import net.metacircular.mcp.agent.files.ReadableSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcp-agent}: runs the agent in the foreground until stopped. */
@Command(
    name = "mcp-agent",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Converges podman on this node to the service definitions in a git repository.",
      "Runs in the foreground until SIGTERM; containers keep running when it stops."
    },
    subcommands = {SnapshotCommand.class, TokenCommand.class, SecretsCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped cleanly (143 when stopped by SIGTERM, after the same clean stop)",
      "1:error (the message says what and where)",
      "2:usage error"
    })
public final class AgentCommand implements Callable<Integer> {
  /** How long a stop waits for the agent to close before the JVM exits anyway. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

  @Option(
      names = {"-c", "--config"},
      description = "The agent's config file (default: ${DEFAULT-VALUE}).",
      defaultValue = "/srv/mcp/mcp-agent.toml")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    AgentConfig cfg = AgentConfigLoader.load(config);
    Duration heapTrim =
        HeapTrim.interval(java.util.Optional.ofNullable(System.getProperty(HeapTrim.PROPERTY)));
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Clock clock = Clock.systemUTC();
    try (Agent agent = Agent.create(cfg, Map.of(), clock)) {
      ReadableSecrets.find(cfg).forEach(LOG::warn);
      // The JVM halts as soon as its shutdown hooks return, so the hook waits for the agent's
      // close (the cycle in flight, the registry's checkpoint) instead of racing it.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stopAndWait(stopped, closed), "mcp-shutdown"));
      agent.serve(ApiOptions.defaults(clock).withWebhook(agent.webhooks()));
      agent.start();
      agent.trimHeapEvery(heapTrim);
      stopped.await();
    } finally {
      closed.countDown();
    }
    return 0;
  }

  private static void stopAndWait(CountDownLatch stopped, CountDownLatch closed) {
    stopped.countDown();
    try {
      closed.await(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void main(String[] args) {
    if (System.getenv("JOURNAL_STREAM") != null) {
      // Under systemd, output goes to the journal, which reads a leading <N> as the syslog
      // priority: warnings are then warnings to `journalctl -p warning` (slf4j-simple lets only
      // the WARN word be set; info lines take the unit's default priority).
      System.setProperty("org.slf4j.simpleLogger.warnLevelString", "<4>WARN");
      ErrorHandler.journal = true;
    } else if (System.getProperty("org.slf4j.simpleLogger.showDateTime") == null) {
      // Elsewhere (a terminal, a file, a container's log) nothing stamps the lines: the agent
      // does, so that a log read afterwards says when. -D...showDateTime=false turns it off.
      System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
      System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handler; public for the CLI's tests of token revoke. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AgentCommand());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    return cl;
  }
}
