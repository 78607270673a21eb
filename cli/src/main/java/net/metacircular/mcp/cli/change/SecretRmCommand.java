package net.metacircular.mcp.cli.change;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.PushOptions;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.SecretRefs;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ServiceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp secret rm SERVICE NAME}. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = {
      "Remove secrets/<service>/<name>.age, commit and push. Refused while a component of the"
          + " service uses it: take it out of the service file first (mcp service edit); the agent"
          + " then recreates those components without it and removes its podman secret."
    })
public final class SecretRmCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin PushOptions push;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Parameters(index = "1", paramLabel = "NAME", description = "e.g. tls_key")
  String name;

  @Override
  public Integer call() {
    SecretFile.requireName(name);
    ChangeSession s = ChangeSession.open(common, push, service);
    String path = SecretRefs.repositoryPath(service, name);
    if (!Files.exists(s.repo.dir().resolve(path))) {
      return s.nothingToDo(
          service + " has no secret " + name + " (no " + path + "); nothing to commit");
    }
    ParseResult r = new ServiceParser().parse(s.fileName(), s.repo.read(service), Optional.empty());
    Optional<ServiceSpec> spec = r.isValid() ? Optional.of(r.orElseThrow()) : Optional.empty();
    List<String> users = SecretFile.users(spec, name);
    if (!users.isEmpty()) {
      throw new CliException(
          "secret "
              + name
              + " is used by "
              + service
              + ": "
              + String.join(", ", users)
              + "; take it out of "
              + s.fileName()
              + " first (mcp service edit "
              + service
              + "), then remove it");
    }
    return s.commitFileAndPush(
        path,
        Optional.empty(),
        "mcp: secret rm " + service + "/" + name,
        spec.map(sp -> ChangeSession.nodes(Optional.empty(), sp)).orElse(java.util.Set.of()));
  }
}
