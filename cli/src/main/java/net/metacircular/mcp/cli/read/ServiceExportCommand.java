package net.metacircular.mcp.cli.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.config.AtomicFiles;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.api.ServiceDetail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp service export SERVICE}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the agent's current spec of the service to services_dir/SERVICE.toml.",
      "It is an uncommitted change in your clone: review it (git diff), then commit and push, or"
          + " discard it (git checkout).",
    })
public final class ServiceExportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Override
  public Integer call() throws IOException {
    ServicesRepo.requireName(service);
    Agents agents = Agents.of(common);
    ServicesRepo repo =
        ServicesRepo.open(
            agents.config().servicesDir(), agents.config().file(), common.env().vars());
    Path file = repo.file(service);
    if (Files.exists(file)) {
      // Never overwrite work in progress: only a committed file is replaced.
      repo.requireClean(service);
    }
    ServiceDetail d = ServiceShowCommand.fetch(agents, service);
    if (d.specToml() == null) {
      throw new CliException("the agent holds no spec text for " + service + "; nothing written");
    }
    String before = Files.exists(file) ? Files.readString(file) : null;
    boolean changed = !d.specToml().equals(before);
    if (changed) {
      AtomicFiles.write(file, d.specToml());
    }
    String node = d.service() == null ? "?" : d.service().node();
    String commit = d.service() == null ? null : d.service().specCommit();
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("service", service);
      m.put("node", node);
      m.put("spec_commit", commit);
      m.put("file", file.toString());
      m.put("changed", changed);
      common.out().println(Output.json(m));
    } else if (!changed) {
      common
          .out()
          .println(
              file
                  + " already matches the spec on node "
                  + node
                  + " (commit "
                  + Fmt.commit(commit)
                  + "); nothing written");
    } else {
      common
          .out()
          .println(
              "wrote "
                  + file
                  + " from node "
                  + node
                  + "'s spec (commit "
                  + Fmt.commit(commit)
                  + ")");
      common
          .out()
          .println(
              "it is an uncommitted change (git -C "
                  + repo.dir()
                  + " status shows it): review it with git -C "
                  + repo.dir()
                  + " diff, then commit and push it, or drop it with git -C "
                  + repo.dir()
                  + " checkout -- "
                  + ServicesRepo.fileName(service));
    }
    common.out().flush();
    return ExitCodes.OK;
  }
}
