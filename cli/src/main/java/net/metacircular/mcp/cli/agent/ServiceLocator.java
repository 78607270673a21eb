package net.metacircular.mcp.cli.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.api.ServiceInfo;
import net.metacircular.mcp.schema.api.ServicesResponse;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Which node runs a service: the {@code node} of its file in services_dir when that node is
 * configured, else the node whose agent lists it ({@code GET /v1/services}, all nodes at once).
 */
public final class ServiceLocator {
  private ServiceLocator() {}

  /** The node the local file names, if the file exists, parses and names a configured node. */
  public static Optional<String> localNode(Agents agents, String service) {
    Path file = agents.config().servicesDir().resolve(ServicesRepo.fileName(service));
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      TomlParseResult doc = Toml.parse(Files.readString(file));
      Object node = doc.get("node");
      if (node instanceof String s && agents.config().node(s).isPresent()) {
        return Optional.of(s);
      }
    } catch (IOException | RuntimeException e) {
      // fall back to asking the agents
    }
    return Optional.empty();
  }

  /** The agent of the service's node; a clear error if no configured node has it. */
  public static AgentClient locate(Agents agents, String service) {
    ServicesRepo.requireName(service);
    Optional<String> local = localNode(agents, service);
    if (local.isPresent()) {
      return agents.client(local.get());
    }
    return ask(agents, service);
  }

  /** What services_dir says of the service: no file, or the node it names that is not known. */
  public static String fileNote(Agents agents, String service) {
    Path file = agents.config().servicesDir().resolve(ServicesRepo.fileName(service));
    if (Files.isRegularFile(file)) {
      try {
        Object node = Toml.parse(Files.readString(file)).get("node");
        if (node instanceof String s && agents.config().node(s).isEmpty()) {
          return file
              + " names node "
              + s
              + ", which is not configured in "
              + agents.config().file()
              + " (configured: "
              + String.join(", ", agents.config().nodes().stream().map(n -> n.name()).toList())
              + ")";
        }
      } catch (IOException | RuntimeException e) {
        // said below
      }
      return file + " does not name a configured node";
    }
    return "services_dir has no " + ServicesRepo.fileName(service);
  }

  /** Asks every node's registry which of them has the service. */
  public static AgentClient ask(Agents agents, String service) {
    List<NodeResult<ServicesResponse>> all =
        agents.all(c -> c.get("/v1/services", ServicesResponse.class));
    List<String> failures = new ArrayList<>();
    int exit = ExitCodes.ERROR;
    for (NodeResult<ServicesResponse> r : all) {
      if (!r.ok()) {
        failures.add(r.error().getMessage());
        exit = Math.max(exit, r.error().exitCode());
        continue;
      }
      for (ServiceInfo s : r.value().services()) {
        if (s.name().equals(service)) {
          return agents.client(r.node());
        }
      }
    }
    StringBuilder m =
        new StringBuilder("no node runs a service ")
            .append(service)
            .append(" (asked ")
            .append(String.join(", ", all.stream().map(r -> r.node().name()).toList()))
            .append("; ")
            .append(fileNote(agents, service))
            .append(")");
    if (!failures.isEmpty()) {
      m.append("; some nodes did not answer:");
      failures.forEach(f -> m.append("\n  ").append(f));
      throw new CliException(m.toString(), exit);
    }
    throw new CliException(m.toString());
  }
}
