package net.metacircular.mcp.agent.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.plan.DesiredState;
import net.metacircular.mcp.agent.source.SourceSnapshot;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecError;

/**
 * Turns a snapshot of service files into this node's desired state. A file that fails is rejected
 * alone: its service keeps its last good spec, or, without one, is held (never pruned on account of
 * the bad file). Services for other nodes are ignored, not errors.
 *
 * <p>A file whose text is the same as in the last snapshot is not parsed again: parsing the TOML of
 * every file was a third of a no-op cycle's CPU (docs/benchmarks.md, section 6), and a commit
 * mostly changes one or two files. The parser is pure, so its result for the same text is the same.
 */
public final class DesiredStateResolver {
  private final String node;
  private final ServiceParser parser;
  // File name to its last text and what parsing it gave; only the files of the last snapshot.
  private final Map<String, Parsed> parsed = new HashMap<>();

  public DesiredStateResolver(String node, ServiceParser parser) {
    this.node = node;
    this.parser = parser;
  }

  public synchronized Resolution resolve(SourceSnapshot snapshot, Map<String, LastGood> lastGood) {
    Map<String, DesiredService> services = new HashMap<>();
    Map<String, String> valid = new HashMap<>();
    Set<String> held = new HashSet<>();
    List<Rejection> rejections = new ArrayList<>();
    snapshot
        .unreadable()
        .forEach(
            (file, why) ->
                reject(file, List.of(file + ": " + why), lastGood, services, held, rejections));
    snapshot
        .files()
        .forEach(
            (file, text) -> {
              ParseResult result = parse(file, text);
              if (result instanceof ParseResult.Valid v) {
                ServiceSpec spec = v.spec();
                if (spec.node().equals(node)) {
                  services.put(spec.name(), new DesiredService(spec, snapshot.revision()));
                  valid.put(spec.name(), text);
                }
              } else {
                List<String> errors = result.errors().stream().map(SpecError::toString).toList();
                reject(file, errors, lastGood, services, held, rejections);
              }
            });
    parsed.keySet().retainAll(snapshot.files().keySet());
    return new Resolution(snapshot.revision(), new DesiredState(services, held), valid, rejections);
  }

  private ParseResult parse(String file, String text) {
    Parsed before = parsed.get(file);
    if (before != null && before.text().equals(text)) {
      return before.result();
    }
    ParseResult result = parser.parse(file, text);
    parsed.put(file, new Parsed(text, result));
    return result;
  }

  private record Parsed(String text, ParseResult result) {}

  private void reject(
      String file,
      List<String> errors,
      Map<String, LastGood> lastGood,
      Map<String, DesiredService> services,
      Set<String> held,
      List<Rejection> rejections) {
    String service = file.endsWith(".toml") ? file.substring(0, file.length() - 5) : file;
    LastGood good = lastGood.get(service);
    ParseResult previous = good == null ? null : parser.parse(file, good.toml());
    if (previous instanceof ParseResult.Valid v && v.spec().node().equals(node)) {
      services.put(service, new DesiredService(v.spec(), good.commit()));
      rejections.add(new Rejection(service, file, errors, true));
    } else {
      held.add(service);
      rejections.add(new Rejection(service, file, errors, false));
    }
  }
}
