package net.metacircular.mcp.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.config.AgentConfigLoader;
import net.metacircular.mcp.agent.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mcp-agent snapshot}: a consistent copy of the live database into backups/. */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Writes a consistent copy of the agent's database to <data_dir>/backups/.")
final class SnapshotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      description = "The agent's config file (default: ${DEFAULT-VALUE}).",
      defaultValue = "/srv/mcp/mcp-agent.toml")
  Path config;

  @Override
  public Integer call() {
    AgentConfig cfg = AgentConfigLoader.load(config);
    Clock clock = Clock.systemUTC();
    try (Registry registry = Registry.open(cfg.database(), clock)) {
      Snapshots.Taken taken =
          Snapshots.take(registry, cfg.backups(), clock, Snapshots.DEFAULT_KEEP);
      spec.commandLine().getOut().println(taken.path());
    }
    return 0;
  }
}
