package net.metacircular.mcp.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.tomlj.TomlTable;

/** Reads one {@code [[components]]} table. */
final class ComponentReader {
  static final List<String> KEYS =
      List.of(
          "name",
          "image",
          "cmd",
          "env",
          "ports",
          "volumes",
          "network",
          "user",
          "restart",
          "depends_on",
          "stop_timeout",
          "health",
          "secrets",
          "env_secrets");

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern USER =
      Pattern.compile("(?:[0-9]+|[a-z_][a-z0-9_.-]*)(?::(?:[0-9]+|[a-z_][a-z0-9_.-]*))?");
  private static final Pattern NETWORK = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.:-]*");

  private ComponentReader() {}

  /**
   * What one table gave. The name and dependencies are kept even when other keys are bad, so that
   * the service-wide checks (duplicates, dependencies) still run.
   */
  record Read(
      Fields fields, Optional<String> name, List<String> dependsOn, Optional<ComponentSpec> spec) {}

  /**
   * @param secretFiles the secret names the repository has for this service ({@code
   *     secrets/<service>/*.age}); empty when the caller cannot know, and then only their shape is
   *     checked
   */
  static Read read(
      Fields f, String service, ValidationPolicy policy, Optional<Set<String>> secretFiles) {
    int before = f.problems().count();
    KeyCheck.rejectUnknown(f, KEYS);
    Optional<String> name =
        f.requiredString("name", "add name = \"<component>\", e.g. name = \"api\"")
            .filter(n -> Names.check(f, "name", n));
    Optional<String> image =
        f.requiredString("image", "add image = \"<registry>/<path>:<tag>\"")
            .filter(i -> matches(f, "image", i, ImageSyntax::problem, ImageSyntax.EXPECTED));
    List<String> cmd = f.strings("cmd").orElse(List.of());
    Map<String, String> env = env(f);
    List<String> ports = checkedList(f, "ports", PortSyntax::problem, PortSyntax.EXPECTED);
    List<String> volumes =
        checkedList(
            f,
            "volumes",
            v -> VolumeSyntax.problem(v, service, policy),
            VolumeSyntax.expected(service, policy));
    Optional<String> network =
        f.string("network")
            .filter(
                n -> pattern(f, "network", n, NETWORK, "a podman network name, e.g. \"mcpnet\""))
            .filter(n -> ownNamespace(f, n, policy));
    Optional<String> user =
        f.string("user")
            .filter(
                u ->
                    pattern(
                        f,
                        "user",
                        u,
                        USER,
                        "user[:group] by name or number, e.g. \"mcp\", \"1000\" or \"0:0\""));
    RestartPolicy restart = restart(f);
    List<String> dependsOn = f.strings("depends_on").orElse(List.of());
    Duration stopTimeout = stopTimeout(f);
    Optional<HealthSpec> health = HealthReader.read(f);
    SecretRefs secrets = SecretsReader.read(f, service, env, secretFiles);
    Optional<ComponentSpec> spec = Optional.empty();
    if (f.problems().count() == before && name.isPresent() && image.isPresent()) {
      spec =
          Optional.of(
              new ComponentSpec(
                  name.get(),
                  image.get(),
                  cmd,
                  env,
                  ports,
                  volumes,
                  network,
                  user,
                  restart,
                  dependsOn,
                  stopTimeout,
                  health,
                  secrets));
    }
    return new Read(f, name, dependsOn, spec);
  }

  private static Map<String, String> env(Fields f) {
    Optional<TomlTable> table = f.table("env");
    Map<String, String> env = new TreeMap<>();
    if (table.isEmpty()) {
      return env;
    }
    Fields e = f.child("env", table.get());
    for (String key : table.get().keySet()) {
      if (!ENV_NAME.matcher(key).matches()) {
        e.error(
            key,
            "expected an environment variable name (letters, digits and '_', not starting with a"
                + " digit); got "
                + TomlValues.quote(key));
      }
      Object value = table.get().get(List.of(key));
      if (value instanceof String v) {
        env.put(key, v);
      } else {
        e.error(
            key,
            "expected a string (quote numbers and booleans, e.g. "
                + key
                + " = \"1\"); got "
                + TomlValues.describe(value));
      }
    }
    return env;
  }

  private static List<String> checkedList(
      Fields f, String key, Function<String, Optional<String>> problem, String expected) {
    List<String> values = f.strings(key).orElse(List.of());
    List<String> good = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      Optional<String> why = problem.apply(v);
      if (why.isPresent()) {
        f.elementError(key, i, why.get() + "; " + expected + "; got " + TomlValues.quote(v));
      } else {
        good.add(v);
      }
    }
    return good;
  }

  private static boolean matches(
      Fields f,
      String key,
      String value,
      Function<String, Optional<String>> problem,
      String expected) {
    Optional<String> why = problem.apply(value);
    why.ifPresent(w -> f.error(key, w + "; " + expected + "; got " + TomlValues.quote(value)));
    return why.isEmpty();
  }

  /** {@code host} and {@code container:…} leave the component's own network namespace. */
  private static boolean ownNamespace(Fields f, String network, ValidationPolicy policy) {
    boolean shared = network.equals("host") || network.startsWith("container:");
    if (!shared || policy.allowHostNetwork()) {
      return true;
    }
    f.error(
        "network",
        TomlValues.quote(network)
            + " shares another network namespace ("
            + (network.equals("host") ? "the node's" : "another container's")
            + "), which MCP refuses unless the agent's config allows it"
            + " ([reconcile] allow_host_network = true); use a podman network such as \"mcpnet\"");
    return false;
  }

  private static boolean pattern(Fields f, String key, String value, Pattern p, String expected) {
    if (p.matcher(value).matches()) {
      return true;
    }
    f.error(key, "expected " + expected + "; got " + TomlValues.quote(value));
    return false;
  }

  private static RestartPolicy restart(Fields f) {
    Optional<String> word = f.string("restart");
    if (word.isEmpty()) {
      return RestartPolicy.UNLESS_STOPPED;
    }
    Optional<RestartPolicy> policy = RestartPolicy.parse(word.get());
    if (policy.isEmpty()) {
      f.error(
          "restart",
          "expected " + RestartPolicy.EXPECTED + "; got " + TomlValues.quote(word.get()));
    }
    return policy.orElse(RestartPolicy.UNLESS_STOPPED);
  }

  /** Whole seconds, because podman's {@code --stop-timeout} counts seconds. */
  private static Duration stopTimeout(Fields f) {
    Optional<Duration> d = f.duration("stop_timeout", Duration.ZERO);
    if (d.isPresent() && d.get().toMillis() % 1000 != 0) {
      f.error(
          "stop_timeout",
          "expected whole seconds, since podman's --stop-timeout counts seconds; got "
              + TomlValues.quote(f.string("stop_timeout").orElse("")));
      return ComponentSpec.DEFAULT_STOP_TIMEOUT;
    }
    return d.orElse(ComponentSpec.DEFAULT_STOP_TIMEOUT);
  }
}
