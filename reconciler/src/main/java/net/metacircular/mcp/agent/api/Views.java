package net.metacircular.mcp.agent.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.ServiceRecord;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.api.ActionResult;
import net.metacircular.mcp.schema.api.ComponentInfo;
import net.metacircular.mcp.schema.api.ContainerInfo;
import net.metacircular.mcp.schema.api.EventInfo;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.RejectionInfo;
import net.metacircular.mcp.schema.api.ServiceInfo;

/** The agent's records as the API's. */
final class Views {
  private Views() {}

  static EventInfo event(Event e) {
    return new EventInfo(
        e.id(),
        e.at(),
        e.service().orElse(null),
        e.component().orElse(null),
        e.kind().word(),
        e.message(),
        e.commit().orElse(null));
  }

  static ComponentInfo component(ComponentRecord c) {
    return new ComponentInfo(
        c.component(),
        c.containerName(),
        c.image(),
        c.specHash(),
        c.appliedCommit(),
        c.appliedAt(),
        c.containerId().orElse(null),
        c.state().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse(null),
        c.health().orElse(null),
        c.stateSince().orElse(null));
  }

  static ServiceInfo service(ServiceRecord s, List<ComponentRecord> components) {
    return new ServiceInfo(
        s.name(),
        s.node(),
        s.active(),
        s.deployMode().word(),
        s.specCommit(),
        s.appliedCommit().orElse(null),
        s.appliedAt().orElse(null),
        s.lastError().orElse(null),
        s.errorSince().orElse(null),
        s.updatedAt(),
        components.stream().map(Views::component).toList());
  }

  static ContainerInfo container(ObservedContainer c, Instant now) {
    Long uptime =
        c.running()
            ? c.startedAt()
                .map(t -> Math.max(0, now.getEpochSecond() - t.getEpochSecond()))
                .orElse(null)
            : null;
    return new ContainerInfo(
        c.id(),
        c.name(),
        c.label(Labels.SERVICE).orElse(null),
        c.label(Labels.COMPONENT).orElse(null),
        c.state().name().toLowerCase(Locale.ROOT),
        c.status(),
        c.image(),
        c.startedAt().orElse(null),
        uptime,
        c.managed());
  }

  static ReconcileResponse reconcile(CycleResult r, Optional<String> fetchError) {
    List<ActionResult> actions =
        r.outcomes().stream()
            .map(
                (Outcome o) ->
                    new ActionResult(
                        o.action().service(),
                        o.action().component(),
                        o.action().containerName(),
                        AgentMetrics.kind(o.action()),
                        o.action().reason(),
                        o.result().name().toLowerCase(Locale.ROOT),
                        o.message()))
            .toList();
    List<RejectionInfo> rejections =
        r.rejections().stream()
            .map(x -> new RejectionInfo(x.service(), x.file(), x.errors(), x.keptLastGood()))
            .toList();
    return new ReconcileResponse(
        r.revision(), r.startedAt(), r.failed(), actions, rejections, fetchError.orElse(null));
  }
}
