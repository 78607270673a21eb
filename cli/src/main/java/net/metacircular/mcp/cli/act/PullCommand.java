package net.metacircular.mcp.cli.act;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.ServiceLocator;
import net.metacircular.mcp.cli.policy.Policies;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp pull SERVICE PATH LOCAL}. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Copy SERVICES_ROOT/SERVICE/PATH (the node's services_root, /srv by default) from the"
          + " service's node to a local file (written atomically).",
      "  mcp pull metacrypt metacrypt.toml ./local-copy.toml",
    })
public final class PullCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Parameters(
      index = "1",
      paramLabel = "PATH",
      description = "Under SERVICES_ROOT/SERVICE/ on the node.")
  String path;

  @Parameters(
      index = "2",
      paramLabel = "LOCAL",
      description = "The local file (or a folder to put it in).")
  Path local;

  @Override
  public Integer call() {
    ServicesRepo.requireName(service);
    String source = FilePaths.require(path);
    Agents agents = Agents.of(common);
    AgentClient agent = ServiceLocator.locate(agents, service);
    byte[] content =
        agent.getBytes("/v1/services/" + service + "/files/" + FilePaths.encode(source));
    Path target = Files.isDirectory(local) ? local.resolve(Path.of(source).getFileName()) : local;
    Path dir = target.toAbsolutePath().getParent();
    try {
      Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial");
      try {
        Files.write(temp, content);
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new CliException("cannot write " + target + ": " + e.getMessage());
    }
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", agent.node().name());
      m.put("service", service);
      m.put("path", source);
      m.put("file", target.toString());
      m.put("size", content.length);
      common.out().println(Output.json(m));
    } else {
      common
          .out()
          .println(
              "wrote "
                  + target
                  + " ("
                  + content.length
                  + " bytes) from "
                  + Policies.servicesRoot(common, agents.config(), agent.node().name())
                      .resolve(service)
                      .resolve(source)
                  + " on node "
                  + agent.node().name());
    }
    common.out().flush();
    return ExitCodes.OK;
  }
}
