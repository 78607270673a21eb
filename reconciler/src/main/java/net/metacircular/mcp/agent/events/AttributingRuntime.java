package net.metacircular.mcp.agent.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import net.metacircular.mcp.agent.events.OwnActions.Effect;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.EventStream;
import net.metacircular.mcp.agent.runtime.HealthResult;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.RunRequest;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;

/**
 * A runtime whose container-changing calls {@link OwnActions} remembers as the agent's own, with
 * the events each causes; the calls that only read, pull or touch secrets pass through.
 */
final class AttributingRuntime implements ContainerRuntime {
  private static final Set<Effect> STARTS = Set.of(Effect.STARTS);
  private static final Set<Effect> ENDS = Set.of(Effect.ENDS);
  private static final Set<Effect> RESTARTS = Set.of(Effect.STARTS, Effect.ENDS);
  private static final Set<Effect> CHECKS = Set.of(Effect.CHECKS);

  private final ContainerRuntime runtime;
  private final OwnActions own;

  AttributingRuntime(ContainerRuntime runtime, OwnActions own) {
    this.runtime = runtime;
    this.own = own;
  }

  private void during(String name, Set<Effect> effects, Runnable call) {
    own.during(
        name,
        effects,
        () -> {
          call.run();
          return null;
        });
  }

  @Override
  public String run(RunRequest request) {
    return own.during(request.containerName(), STARTS, () -> runtime.run(request));
  }

  @Override
  public void start(String name) {
    during(name, STARTS, () -> runtime.start(name));
  }

  @Override
  public void stop(String name, Duration timeout) {
    during(name, ENDS, () -> runtime.stop(name, timeout));
  }

  @Override
  public void stopAndRemove(String name, Duration timeout) {
    during(name, ENDS, () -> runtime.stopAndRemove(name, timeout));
  }

  @Override
  public List<String> stopAndRemoveAll(List<String> names, Duration timeout) {
    return own.during(names, ENDS, () -> runtime.stopAndRemoveAll(names, timeout));
  }

  @Override
  public void restart(String name, Duration timeout) {
    during(name, RESTARTS, () -> runtime.restart(name, timeout));
  }

  @Override
  public void remove(String name, boolean force) {
    during(name, ENDS, () -> runtime.remove(name, force));
  }

  @Override
  public HealthResult healthcheckRun(String name) {
    return own.during(name, CHECKS, () -> runtime.healthcheckRun(name));
  }

  @Override
  public List<ObservedContainer> ps() {
    return runtime.ps();
  }

  @Override
  public String logs(String name, int tail) {
    return runtime.logs(name, tail);
  }

  @Override
  public void pull(String image) {
    runtime.pull(image);
  }

  @Override
  public boolean imageExists(String image) {
    return runtime.imageExists(image);
  }

  @Override
  public int restartCount(String name) {
    return runtime.restartCount(name);
  }

  @Override
  public Optional<String> inspectHealth(String name) {
    return runtime.inspectHealth(name);
  }

  @Override
  public List<String> secretNames() {
    return runtime.secretNames();
  }

  @Override
  public void createSecret(String name, byte[] value) {
    runtime.createSecret(name, value);
  }

  @Override
  public void removeSecret(String name) {
    runtime.removeSecret(name);
  }

  @Override
  public EventStream events(Instant since, String node, Consumer<RuntimeEvent> listener) {
    return runtime.events(since, node, listener);
  }
}
