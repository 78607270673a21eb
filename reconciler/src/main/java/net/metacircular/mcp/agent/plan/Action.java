package net.metacircular.mcp.agent.plan;

import java.time.Duration;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;

/** One step of a plan. Each says why it is taken, down to the field, so that its event can too. */
public sealed interface Action {
  String service();

  String component();

  /** Why, for people: {@code image …:v1.4.2 → …:v1.4.3}. */
  String reason();

  default String containerName() {
    return ServiceSpec.containerName(service(), component());
  }

  /** Create and start a container that does not exist. */
  record Create(
      ServiceSpec spec,
      ComponentSpec target,
      String specHash,
      String commit,
      boolean heal,
      String reason)
      implements Action {
    @Override
    public String service() {
      return spec.name();
    }

    @Override
    public String component() {
      return target.name();
    }
  }

  /** Replace a container with one of the new spec (a deploy); pull first when forced. */
  record Recreate(
      ServiceSpec spec,
      ComponentSpec target,
      String specHash,
      String commit,
      boolean pull,
      boolean heal,
      String reason)
      implements Action {
    @Override
    public String service() {
      return spec.name();
    }

    @Override
    public String component() {
      return target.name();
    }
  }

  /**
   * Start an existing stopped container: a heal, or {@code activated} when the service was made
   * active again (desired state, so done whatever {@code self_heal} says).
   */
  record Start(
      ServiceSpec spec, ComponentSpec target, boolean activated, String commit, String reason)
      implements Action {
    /**
     * What a failed start of an {@link #activated} component is recorded as ({@link
     * net.metacircular.mcp.schema.status.Failure#action()}): the planner tries it again.
     */
    public static final String ACTIVATE = "activate";

    @Override
    public String service() {
      return spec.name();
    }

    @Override
    public String component() {
      return target.name();
    }
  }

  /** Stop a container and keep it (the service is inactive). */
  record Stop(String service, String component, Duration timeout, String commit, String reason)
      implements Action {}

  /** Stop and remove a managed container no longer desired here. Its data stays. */
  record Prune(String service, String component, Duration timeout, String reason)
      implements Action {}

  /**
   * Take an existing managed container whose spec hash matches into the registry, untouched. Its
   * spec is recorded too, so that later changes can say what changed.
   */
  record Adopt(
      String service,
      ComponentSpec target,
      String containerId,
      String specHash,
      String commit,
      String reason)
      implements Action {
    @Override
    public String component() {
      return target.name();
    }
  }

  /**
   * Record a condition that needs no podman action, or that we must not act on, with an event
   * saying {@code reason}.
   */
  record Report(
      Report.Kind kind, String service, String component, Condition condition, String reason)
      implements Action {
    /** What is reported: decides the event's kind. */
    public enum Kind {
      DRIFT(ConditionKind.DRIFT),
      CONFLICT(ConditionKind.CONFLICT),
      OUT_OF_SYNC(ConditionKind.OUT_OF_SYNC),
      /** An owned container no longer desired, kept because prune is off: a drift. */
      ORPHAN(ConditionKind.DRIFT);

      private final ConditionKind condition;

      Kind(ConditionKind condition) {
        this.condition = condition;
      }

      /** The condition kind the component is in. */
      public ConditionKind condition() {
        return condition;
      }
    }
  }

  /**
   * Record a component's condition without an event: {@link Condition#OK} when one reported earlier
   * has cleared, {@link ConditionKind#INACTIVE} for a component kept stopped.
   */
  record Resolve(String service, String component, Condition condition, String reason)
      implements Action {}
}
