package net.metacircular.mcp.agent.secrets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.metacircular.mcp.agent.runtime.PodmanSecretName;
import net.metacircular.mcp.agent.source.SecretFiles;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.SecretRefs;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.age.AgeException;
import net.metacircular.mcp.schema.age.AgeIdentity;

/**
 * Decrypts the secrets a service uses with the node's identity and adds the digest of each value to
 * the components that use it, so that the spec hash follows the values. Keeps the values of the
 * podman secrets the desired specs name, for {@link PodmanSecrets} to create; a file is decrypted
 * again only when its bytes change. Not thread-safe: the reconcile loop calls it, one cycle at a
 * time.
 */
public final class SecretValues {
  private final Optional<AgeIdentity> identity;
  // "<service>/<name>" to the last file decrypted there, and what it gave.
  private final Map<String, Decrypted> decrypted = new HashMap<>();
  // podman secret name to its value, for every secret of a spec resolved.
  private final Map<String, byte[]> values = new HashMap<>();

  private record Decrypted(byte[] file, byte[] value, String digest) {}

  /** What resolving one service gave: the spec with digests, or why its secrets are unusable. */
  public sealed interface Result {
    record Resolved(ServiceSpec spec) implements Result {}

    /** Each error names the file: {@code secrets/<service>/<name>.age: why}. */
    record Failed(List<String> errors) implements Result {}
  }

  /**
   * @param identity the node's; empty when {@code [secrets] identity} is not configured
   */
  public SecretValues(Optional<AgeIdentity> identity) {
    this.identity = identity;
  }

  /** A node without an identity: a service that uses secrets is rejected, saying why. */
  public static SecretValues none() {
    return new SecretValues(Optional.empty());
  }

  public Result resolve(ServiceSpec spec, SecretFiles files) {
    boolean uses = spec.components().stream().anyMatch(c -> !c.secrets().isEmpty());
    if (!uses) {
      return new Result.Resolved(spec);
    }
    if (identity.isEmpty()) {
      return new Result.Failed(
          List.of(
              "it uses secrets, and this node has no [secrets] identity to decrypt them (make"
                  + " one with: mcp-agent secrets keygen)"));
    }
    Map<String, Decrypted> found = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    for (ComponentSpec c : spec.components()) {
      for (String name : c.secrets().names()) {
        if (found.containsKey(name)) {
          continue;
        }
        String path = SecretRefs.repositoryPath(spec.name(), name);
        Optional<byte[]> file = files.bytes(spec.name(), name);
        if (file.isEmpty()) {
          errors.add(path + ": no such file in the services repository");
          continue;
        }
        try {
          found.put(name, decrypt(spec.name() + "/" + name, file.get()));
        } catch (AgeException e) {
          errors.add(path + ": " + e.getMessage());
        }
      }
    }
    if (!errors.isEmpty()) {
      return new Result.Failed(errors);
    }
    List<ComponentSpec> components = new ArrayList<>();
    for (ComponentSpec c : spec.components()) {
      Map<String, String> digests = new TreeMap<>();
      for (String name : c.secrets().names()) {
        Decrypted d = found.get(name);
        digests.put(name, d.digest());
        values.put(PodmanSecretName.of(spec.name(), name, d.digest()), d.value());
      }
      components.add(c.secrets().isEmpty() ? c : c.withSecrets(c.secrets().withDigests(digests)));
    }
    // withComponents keeps self_heal and [rollout], which a new ServiceSpec of five fields lost.
    return new Result.Resolved(spec.withComponents(components));
  }

  /** The value of a podman secret a resolved spec names; empty for one this agent never read. */
  public Optional<byte[]> value(String podmanSecret) {
    return Optional.ofNullable(values.get(podmanSecret)).map(byte[]::clone);
  }

  /** Forgets the values no spec names any more. */
  public void retain(java.util.Set<String> podmanSecrets) {
    values.keySet().retainAll(podmanSecrets);
  }

  private Decrypted decrypt(String key, byte[] file) throws AgeException {
    Decrypted before = decrypted.get(key);
    if (before != null && Arrays.equals(before.file(), file)) {
      return before;
    }
    AgeIdentity id = identity.orElseThrow();
    byte[] value = id.decrypt(file);
    Decrypted d = new Decrypted(file, value, id.digest(value));
    decrypted.put(key, d);
    return d;
  }
}
