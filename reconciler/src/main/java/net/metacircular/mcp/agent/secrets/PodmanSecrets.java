package net.metacircular.mcp.agent.secrets;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.plan.Action;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.ComponentSpecJson;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.agent.runtime.PodmanSecretName;
import net.metacircular.mcp.schema.ComponentSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The podman secrets of the node's components. Before the executor runs, each secret a container
 * about to be created needs is created from its value (on podman's stdin) unless podman has it.
 * After, every {@code mcp-<service>-<name>-<8 hex>} secret of a service this agent manages (or
 * managed since it started) that neither a desired spec nor an applied component names is removed:
 * an old value stays exactly as long as a container uses it. A cycle with nothing to create asks
 * podman nothing.
 */
public final class PodmanSecrets {
  private static final Logger LOG = LoggerFactory.getLogger(PodmanSecrets.class);
  private static final Pattern OURS = Pattern.compile("mcp-[a-z0-9-]+-[a-z0-9_-]+-[0-9a-f]{8}");

  private final ContainerRuntime podman;
  private final PodmanGuard guard;
  private final SecretValues values;
  private boolean prunedOnce;
  // Every service this agent has had desired or applied since it started: only their podman
  // secrets are its own to remove (another agent's on the same podman, say in tests, are not).
  private final Set<String> services = new HashSet<>();

  public PodmanSecrets(ContainerRuntime podman, PodmanGuard guard, SecretValues values) {
    this.podman = podman;
    this.guard = guard;
    this.values = values;
  }

  /**
   * Creates the missing podman secrets of the containers the actions create or start. A failure is
   * logged and left to {@code podman run}, which then fails that component alone with podman's "no
   * such secret".
   */
  public void ensure(List<Action> actions) {
    Set<String> needed = new TreeSet<>();
    for (Action a : actions) {
      target(a).ifPresent(t -> needed.addAll(names(a.service(), t)));
    }
    if (needed.isEmpty()) {
      return;
    }
    Set<String> present = new HashSet<>(guard.call(podman::secretNames));
    for (String name : needed) {
      if (present.contains(name)) {
        continue;
      }
      Optional<byte[]> value = values.value(name);
      if (value.isEmpty()) {
        LOG.warn("podman secret {} is missing and this agent has no value for it", name);
        continue;
      }
      try {
        guard.run(() -> podman.createSecret(name, value.get()));
        LOG.info("created podman secret {}", name);
      } catch (PodmanException e) {
        LOG.warn("cannot create podman secret {}: {}", name, e.getMessage());
      }
    }
  }

  /**
   * Removes the agent's podman secrets that nothing uses: after a cycle that acted, and once after
   * start (for what an earlier run left).
   */
  public void prune(
      Collection<DesiredService> desired, List<ComponentRecord> applied, boolean acted) {
    prune(desired, applied, Map::of, acted);
  }

  /**
   * As above, keeping also the secrets of each service's last healthy spec ({@code kept}, by
   * service, read only when something is to be removed): a rollback to it runs with the values it
   * had, not the new ones (a changed value is a new podman secret; the old one must outlive it).
   */
  public void prune(
      Collection<DesiredService> desired,
      List<ComponentRecord> applied,
      Supplier<Map<String, List<ComponentSpec>>> kept,
      boolean acted) {
    Set<String> used = new HashSet<>();
    desired.forEach(d -> services.add(d.spec().name()));
    applied.forEach(r -> services.add(r.service()));
    for (DesiredService d : desired) {
      d.spec().components().forEach(c -> used.addAll(names(d.spec().name(), c)));
    }
    values.retain(used);
    for (ComponentRecord r : applied) {
      r.specJson()
          .flatMap(ComponentSpecJson::read)
          .ifPresent(c -> used.addAll(names(r.service(), c)));
    }
    if (!acted && prunedOnce) {
      return;
    }
    prunedOnce = true;
    kept.get()
        .forEach((service, components) -> components.forEach(c -> used.addAll(names(service, c))));
    for (String name : guard.call(podman::secretNames)) {
      if (OURS.matcher(name).matches() && !used.contains(name) && ofOurs(name)) {
        try {
          guard.run(() -> podman.removeSecret(name));
          LOG.info("removed podman secret {}: no managed component uses it any more", name);
        } catch (PodmanException e) {
          LOG.warn("cannot remove podman secret {}: {}", name, e.getMessage());
        }
      }
    }
  }

  private boolean ofOurs(String podmanSecret) {
    return services.stream()
        .anyMatch(s -> podmanSecret.startsWith(PodmanSecretName.PREFIX + s + "-"));
  }

  private static Optional<ComponentSpec> target(Action a) {
    return switch (a) {
      case Action.Create c -> Optional.of(c.target());
      case Action.Recreate r -> Optional.of(r.target());
      case Action.Start s -> Optional.of(s.target());
      default -> Optional.empty();
    };
  }

  private static List<String> names(String service, ComponentSpec c) {
    return c.secrets().names().stream()
        .filter(n -> c.secrets().digests().containsKey(n))
        .map(n -> PodmanSecretName.of(service, c.secrets(), n))
        .toList();
  }
}
