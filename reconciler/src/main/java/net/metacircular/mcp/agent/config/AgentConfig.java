package net.metacircular.mcp.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's configuration, {@code /srv/mcp/mcp-agent.toml} (DESIGN.md, "The agent").
 *
 * @param file where it was read from (for messages)
 * @param node this node's name: only services whose {@code node} matches are applied
 * @param dataDir the database, backups/ and the git working copy
 * @param servicesRoot {@code <root>/<service>/} holds each service's files and volume roots
 * @param source where desired state comes from
 * @param server the HTTPS listener
 * @param auth how bearer tokens are validated
 * @param reconcile reconcile behaviour
 * @param registry the registry's retention
 * @param secrets the node's age identity, which decrypts the repository's secrets
 * @param crashLoop when a container that keeps dying is a crash loop, and its backoff
 * @param notifiers the receivers of incidents ({@code [[notify]]}); empty for none
 * @param incidents when a failure that may pass by itself is an incident ({@code [incidents]})
 */
public record AgentConfig(
    Path file,
    String node,
    Path dataDir,
    Path servicesRoot,
    SourceConfig source,
    ServerConfig server,
    AuthConfig auth,
    ReconcileConfig reconcile,
    RegistryConfig registry,
    SecretsConfig secrets,
    CrashLoopConfig crashLoop,
    List<NotifyConfig> notifiers,
    IncidentsConfig incidents) {

  public AgentConfig {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(servicesRoot, "servicesRoot");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(reconcile, "reconcile");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(crashLoop, "crashLoop");
    notifiers = List.copyOf(notifiers);
    Objects.requireNonNull(incidents, "incidents");
  }

  public Path database() {
    return dataDir.resolve("mcp.db");
  }

  public Path backups() {
    return dataDir.resolve("backups");
  }

  /** Where the git source keeps its working copy. */
  public Path checkout() {
    return dataDir.resolve("services");
  }

  /** Host path prefixes volumes may use besides {@code <services_root>/<service>/}. */
  public List<Path> allowedVolumeRoots() {
    return reconcile.allowedVolumeRoots();
  }

  public Optional<Path> tokensFile() {
    return auth.tokensFile();
  }
}
