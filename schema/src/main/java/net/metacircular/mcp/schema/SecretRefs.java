package net.metacircular.mcp.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The secrets a component uses, from {@code secrets/<service>/<name>.age} of the services
 * repository: mounted as files at {@code /run/secrets/<name>} and set as environment variables.
 *
 * @param files secret names mounted as files, in file order
 * @param env environment variable to the secret name it is set from
 * @param digests secret name to a keyed HMAC of its value, filled in by the agent once it has
 *     decrypted the files (empty from the parser): they are part of the spec hash, so that a new
 *     value recreates the components that use it and nothing else
 */
public record SecretRefs(List<String> files, Map<String, String> env, Map<String, String> digests) {
  /** A component without secrets. */
  public static final SecretRefs NONE = new SecretRefs(List.of(), Map.of(), Map.of());

  /** The rule of a secret's name: it becomes a file name, in the repository and the container. */
  public static final String RULE = "[a-z0-9][a-z0-9_-]{0,62}";

  static final Pattern VALID = Pattern.compile(RULE);

  /** What a valid secret name looks like, in words. */
  public static final String EXPECTED =
      "expected a secret name: lower-case letters, digits, '_' and '-', starting with a letter or"
          + " digit, at most 63 characters";

  public SecretRefs {
    files = List.copyOf(files);
    env = Map.copyOf(env);
    digests = Map.copyOf(digests);
  }

  public static boolean isValidName(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** Every secret name used, once, sorted. */
  public SortedSet<String> names() {
    SortedSet<String> out = new TreeSet<>(files);
    out.addAll(env.values());
    return out;
  }

  public boolean isEmpty() {
    return files.isEmpty() && env.isEmpty();
  }

  /** The same references with the agent's digests of the values. */
  public SecretRefs withDigests(Map<String, String> digests) {
    return new SecretRefs(files, env, digests);
  }

  /** Where the repository keeps a service's secret, relative to the services folder. */
  public static String repositoryPath(String service, String name) {
    Objects.requireNonNull(service, "service");
    return "secrets/" + service + "/" + name + ".age";
  }
}
