package net.metacircular.mcp.cli.read;

import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.schema.Names;

/** {@code SERVICE[/COMPONENT]} as {@code deploy}, {@code restart} and {@code logs} take it. */
public record ServiceRef(String service, Optional<String> component) {
  public static ServiceRef parse(String text) {
    int slash = text.indexOf('/');
    String service = slash < 0 ? text : text.substring(0, slash);
    ServicesRepo.requireName(service);
    if (slash < 0) {
      return new ServiceRef(service, Optional.empty());
    }
    String component = text.substring(slash + 1);
    if (!Names.isValid(component)) {
      throw new CliException(
          "\""
              + component
              + "\" is not a component name: lower-case letters, digits and '-'; write"
              + " SERVICE/COMPONENT, e.g. metacrypt/web",
          ExitCodes.USAGE);
    }
    return new ServiceRef(service, Optional.of(component));
  }

  @Override
  public String toString() {
    return service + component.map(c -> "/" + c).orElse("");
  }
}
