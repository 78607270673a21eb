package net.metacircular.mcp.agent.runtime;

import net.metacircular.mcp.schema.SecretRefs;

/**
 * The podman secret that holds one value of a service's secret: {@code mcp-<service>-<name>-<8 hex
 * of its digest>}. A new value is a new podman secret (podman 4.3 has no {@code --replace}), so the
 * old one stays for the containers that still use it until they are recreated.
 */
public final class PodmanSecretName {
  /** Every podman secret the agent makes starts so; others are never touched. */
  public static final String PREFIX = "mcp-";

  private PodmanSecretName() {}

  public static String of(String service, String secret, String digest) {
    if (digest.length() < 8) {
      throw new IllegalArgumentException("the digest of secret " + secret + " is missing");
    }
    return PREFIX + service + "-" + secret + "-" + digest.substring(0, 8);
  }

  /** The podman secret a component uses for {@code secret}, from its digests. */
  public static String of(String service, SecretRefs refs, String secret) {
    return of(service, secret, refs.digests().getOrDefault(secret, ""));
  }
}
