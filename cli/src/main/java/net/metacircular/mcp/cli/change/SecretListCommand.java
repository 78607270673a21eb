package net.metacircular.mcp.cli.change;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.output.Json;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.SecretFolder;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ServiceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp secret list SERVICE}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List a service's secrets in services_dir: name, a hash prefix of the encrypted file (which"
          + " changes with every set), and the components that use it. Never a value.",
      "A secret no component uses, or a name the service file uses without a file, is flagged."
    })
public final class SecretListCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Override
  public Integer call() throws IOException {
    ServicesRepo.requireName(service);
    CliConfig config = common.config();
    ServicesRepo repo = ServicesRepo.open(config.servicesDir(), config.file(), common.env().vars());
    if (!repo.services().contains(service)) {
      throw new CliException(
          "no service " + service + " in " + repo.dir() + " (mcp list shows the services)",
          ExitCodes.ERROR);
    }
    ParseResult parsed =
        new ServiceParser()
            .parse(ServicesRepo.fileName(service), repo.read(service), Optional.empty());
    Optional<ServiceSpec> spec =
        parsed.isValid() ? Optional.of(parsed.orElseThrow()) : Optional.empty();
    List<String> names = new ArrayList<>(SecretFolder.names(repo.dir(), service));
    spec.ifPresent(
        s ->
            s.components()
                .forEach(
                    c ->
                        c.secrets().names().stream()
                            .filter(n -> !names.contains(n))
                            .forEach(names::add)));
    List<Map<String, Object>> rows = new ArrayList<>();
    Table table = new Table("NAME", "HASH", "USED BY");
    for (String name : names.stream().sorted().distinct().toList()) {
      Path file = SecretFile.path(repo.dir(), service, name);
      boolean exists = java.nio.file.Files.isRegularFile(file);
      String hash = exists ? SecretFile.hashPrefix(file) : "(no file)";
      List<String> users = SecretFile.users(spec, name);
      table.row(name, hash, users.isEmpty() ? "(unused)" : String.join(", ", users));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", name);
      row.put("file", exists ? service + "/" + name + SecretFolder.SUFFIX : null);
      row.put("hash", exists ? hash : null);
      row.put("used_by", users);
      rows.add(row);
    }
    if (common.json()) {
      common.out().println(Json.write(Map.of("service", service, "secrets", rows)));
    } else if (table.isEmpty()) {
      common.out().println(service + " has no secrets (mcp secret set " + service + " NAME)");
    } else {
      common.out().print(table.render(common.style()));
    }
    common.out().flush();
    return ExitCodes.OK;
  }
}
