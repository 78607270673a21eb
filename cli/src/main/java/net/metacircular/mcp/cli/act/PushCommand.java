package net.metacircular.mcp.cli.act;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
import net.metacircular.mcp.schema.api.FileWritten;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp push FILE SERVICE [PATH]}. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description = {
      "Copy a local file to SERVICES_ROOT/SERVICE/PATH (the node's services_root, /srv by"
          + " default) on the service's node (atomically; an existing file"
          + " keeps its mode, a new one is 0600).",
      "  mcp push metacrypt.toml metacrypt               → /srv/metacrypt/metacrypt.toml",
      "  mcp push cert.pem metacrypt certs/cert.pem      → /srv/metacrypt/certs/cert.pem",
    })
public final class PushCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "FILE", description = "The local file.")
  Path file;

  @Parameters(index = "1", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Parameters(
      index = "2",
      arity = "0..1",
      paramLabel = "PATH",
      description = "Under SERVICES_ROOT/SERVICE/ on the node (default: the file's name).")
  String path;

  @Override
  public Integer call() {
    ServicesRepo.requireName(service);
    String target = FilePaths.require(path != null ? path : file.getFileName().toString());
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("no such file " + file);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    }
    Agents agents = Agents.of(common);
    AgentClient agent = ServiceLocator.locate(agents, service);
    FileWritten w =
        agent.put(
            "/v1/services/" + service + "/files/" + FilePaths.encode(target),
            content,
            FileWritten.class);
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", agent.node().name());
      m.put("written", w);
      common.out().println(Output.json(m));
    } else {
      common
          .out()
          .println(
              "wrote "
                  + Policies.servicesRoot(common, agents.config(), agent.node().name())
                      .resolve(service)
                      .resolve(w.path())
                  + " on node "
                  + agent.node().name()
                  + " ("
                  + w.size()
                  + " bytes, "
                  + w.mode()
                  + ", sha256 "
                  + w.sha256()
                  + ")");
    }
    common.out().flush();
    return ExitCodes.OK;
  }
}
