package net.metacircular.mcp.agent.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import net.metacircular.mcp.schema.SecretRefs;

/** Builds {@link ComponentSpec}s for tests: the schema's defaults unless a test says otherwise. */
public final class ComponentBuilder {
  private final String name;
  private String image;
  private final List<String> cmd = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> ports = new ArrayList<>();
  private final List<String> volumes = new ArrayList<>();
  private Optional<String> network = Optional.empty();
  private Optional<String> user = Optional.empty();
  private RestartPolicy restart = RestartPolicy.UNLESS_STOPPED;
  private final List<String> dependsOn = new ArrayList<>();
  private Duration stopTimeout = ComponentSpec.DEFAULT_STOP_TIMEOUT;
  private Optional<HealthSpec> health = Optional.empty();
  private final List<String> secretFiles = new ArrayList<>();
  private final Map<String, String> envSecrets = new LinkedHashMap<>();
  private final Map<String, String> secretDigests = new LinkedHashMap<>();

  private ComponentBuilder(String name, String image) {
    this.name = name;
    this.image = image;
  }

  public static ComponentBuilder component(String name, String image) {
    return new ComponentBuilder(name, image);
  }

  public ComponentBuilder image(String newImage) {
    this.image = newImage;
    return this;
  }

  public ComponentBuilder cmd(String... words) {
    cmd.clear();
    cmd.addAll(List.of(words));
    return this;
  }

  public ComponentBuilder env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public ComponentBuilder port(String port) {
    ports.add(port);
    return this;
  }

  public ComponentBuilder volume(String volume) {
    volumes.add(volume);
    return this;
  }

  public ComponentBuilder network(String newNetwork) {
    this.network = Optional.of(newNetwork);
    return this;
  }

  public ComponentBuilder user(String newUser) {
    this.user = Optional.of(newUser);
    return this;
  }

  public ComponentBuilder restart(RestartPolicy policy) {
    this.restart = policy;
    return this;
  }

  public ComponentBuilder dependsOn(String component) {
    dependsOn.add(component);
    return this;
  }

  public ComponentBuilder stopTimeout(Duration timeout) {
    this.stopTimeout = timeout;
    return this;
  }

  /** A healthcheck with the schema's default timings. */
  public ComponentBuilder health(String... healthCmd) {
    return health(
        new HealthSpec(
            List.of(healthCmd),
            HealthSpec.DEFAULT_INTERVAL,
            HealthSpec.DEFAULT_RETRIES,
            HealthSpec.DEFAULT_START_PERIOD,
            HealthSpec.DEFAULT_TIMEOUT));
  }

  public ComponentBuilder health(HealthSpec spec) {
    this.health = Optional.of(spec);
    return this;
  }

  /** A secret mounted at {@code /run/secrets/<name>}, with the digest of its value. */
  public ComponentBuilder secretFile(String secret, String digest) {
    secretFiles.add(secret);
    secretDigests.put(secret, digest);
    return this;
  }

  /** An environment variable set from a secret, with the digest of its value. */
  public ComponentBuilder envSecret(String variable, String secret, String digest) {
    envSecrets.put(variable, secret);
    secretDigests.put(secret, digest);
    return this;
  }

  public ComponentSpec build() {
    return new ComponentSpec(
        name,
        image,
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
        new SecretRefs(secretFiles, envSecrets, secretDigests));
  }
}
