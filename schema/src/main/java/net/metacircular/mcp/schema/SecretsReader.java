package net.metacircular.mcp.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tomlj.TomlTable;

/** Reads a component's {@code secrets} and {@code env_secrets}. */
final class SecretsReader {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SecretsReader() {}

  /**
   * @param env the component's plain environment: a variable cannot be set from both
   * @param available the secret names the repository has for the service, when known
   */
  static SecretRefs read(
      Fields f, String service, Map<String, String> env, Optional<Set<String>> available) {
    List<String> files = new ArrayList<>();
    List<String> values = f.strings("secrets").orElse(List.of());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String name = values.get(i);
      Optional<String> why = problem(name, service, available);
      if (why.isPresent()) {
        f.elementError("secrets", i, why.get());
      } else if (!seen.add(name)) {
        f.elementError(
            "secrets",
            i,
            "secret "
                + TomlValues.quote(name)
                + " is listed twice; it is mounted once, at /run/secrets/"
                + name);
      } else {
        files.add(name);
      }
    }
    return new SecretRefs(files, envSecrets(f, service, env, available), Map.of());
  }

  private static Map<String, String> envSecrets(
      Fields f, String service, Map<String, String> env, Optional<Set<String>> available) {
    Map<String, String> out = new TreeMap<>();
    Optional<TomlTable> table = f.table("env_secrets");
    if (table.isEmpty()) {
      return out;
    }
    Fields e = f.child("env_secrets", table.get());
    for (String key : table.get().keySet()) {
      Object value = table.get().get(List.of(key));
      if (!ENV_NAME.matcher(key).matches()) {
        e.error(
            key,
            "expected an environment variable name (letters, digits and '_', not starting with a"
                + " digit); got "
                + TomlValues.quote(key));
      } else if (env.containsKey(key)) {
        e.error(
            key,
            key
                + " is set in both env and env_secrets; keep one (a secret's value belongs in"
                + " env_secrets)");
      } else if (!(value instanceof String name)) {
        e.error(
            key,
            "expected the name of a secret, e.g. "
                + key
                + " = \"db_password\"; got "
                + TomlValues.describe(value));
      } else {
        Optional<String> why = problem(name, service, available);
        if (why.isPresent()) {
          e.error(key, why.get());
        } else {
          out.put(key, name);
        }
      }
    }
    return out;
  }

  private static Optional<String> problem(
      String name, String service, Optional<Set<String>> available) {
    if (!SecretRefs.isValidName(name)) {
      return Optional.of(SecretRefs.EXPECTED + "; got " + TomlValues.quote(name));
    }
    if (available.isPresent() && !available.get().contains(name)) {
      return Optional.of(
          "no secret "
              + TomlValues.quote(name)
              + " in the services repository: expected the file "
              + SecretRefs.repositoryPath(service, name)
              + " (create it with: mcp secret set "
              + service
              + " "
              + name
              + ")");
    }
    return Optional.empty();
  }
}
