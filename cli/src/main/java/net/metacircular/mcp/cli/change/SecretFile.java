package net.metacircular.mcp.cli.change;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.SecretRefs;
import net.metacircular.mcp.schema.ServiceSpec;

/** One secret's file in the operator's clone, and who uses it; never its value. */
final class SecretFile {
  private SecretFile() {}

  /** The name, if it is a secret name; a usage error otherwise. */
  static String requireName(String name) {
    if (!SecretRefs.isValidName(name)) {
      throw new CliException(SecretRefs.EXPECTED + "; got \"" + name + "\"", ExitCodes.USAGE);
    }
    return name;
  }

  static Path path(Path clone, String service, String name) {
    return clone.resolve(SecretRefs.repositoryPath(service, name));
  }

  /** The first 12 hex of the sha256 of the encrypted file: tells versions apart, shows nothing. */
  static String hashPrefix(Path file) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** {@code api (file), worker (env PW)}: the components of the spec that use the secret. */
  static List<String> users(Optional<ServiceSpec> spec, String name) {
    List<String> out = new ArrayList<>();
    for (ComponentSpec c : spec.map(ServiceSpec::components).orElse(List.of())) {
      if (c.secrets().files().contains(name)) {
        out.add(c.name() + " (file)");
      }
      c.secrets()
          .env()
          .forEach(
              (variable, secret) -> {
                if (secret.equals(name)) {
                  out.add(c.name() + " (env " + variable + ")");
                }
              });
    }
    return out;
  }
}
