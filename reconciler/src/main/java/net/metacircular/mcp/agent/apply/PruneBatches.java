package net.metacircular.mcp.agent.apply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.metacircular.mcp.agent.plan.Action.Prune;

/**
 * Which prunes' containers may go in one {@code podman rm} of many names. A service's prunes come
 * in the plan's order (dependents first) and must stay in it, so the prunes go in waves: the first
 * prune of every service, then the second of every service that has one, and so on; within a wave
 * no two are of one service, so nothing orders them. A wave is cut into batches of one stop time
 * (one {@code --time} for the call) and at most {@link #SIZE} names (a bounded command line and
 * call).
 */
final class PruneBatches {
  /** The most names in one removal. */
  static final int SIZE = 50;

  private PruneBatches() {}

  /** The prunes in waves: the n-th wave holds the n-th prune of each service, in plan order. */
  static List<List<Prune>> waves(List<Prune> prunes) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<List<Prune>> waves = new ArrayList<>();
    for (Prune p : prunes) {
      int n = seen.merge(p.service(), 1, Integer::sum) - 1;
      if (n == waves.size()) {
        waves.add(new ArrayList<>());
      }
      waves.get(n).add(p);
    }
    return waves;
  }

  /** A wave's prunes cut into batches of one stop time and at most {@link #SIZE}, in order. */
  static List<List<Prune>> batches(List<Prune> wave) {
    Map<Duration, List<Prune>> byTimeout = new LinkedHashMap<>();
    wave.forEach(p -> byTimeout.computeIfAbsent(p.timeout(), t -> new ArrayList<>()).add(p));
    List<List<Prune>> batches = new ArrayList<>();
    for (List<Prune> same : byTimeout.values()) {
      for (int i = 0; i < same.size(); i += SIZE) {
        batches.add(List.copyOf(same.subList(i, Math.min(i + SIZE, same.size()))));
      }
    }
    return batches;
  }
}
