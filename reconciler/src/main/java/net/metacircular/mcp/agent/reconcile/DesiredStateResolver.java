package net.metacircular.mcp.agent.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.plan.DesiredState;
import net.metacircular.mcp.agent.secrets.SecretValues;
import net.metacircular.mcp.agent.source.SecretFiles;
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
  private final SecretValues secrets;
  // Service to the spec it last ran with its secrets decrypted: kept while a secret file is bad.
  private final Map<String, DesiredService> lastWithSecrets = new HashMap<>();

  public DesiredStateResolver(String node, ServiceParser parser) {
    this(node, parser, SecretValues.none());
  }

  /**
   * @param secrets decrypts the secrets the services use, with the node's identity
   */
  public DesiredStateResolver(String node, ServiceParser parser, SecretValues secrets) {
    this.node = node;
    this.parser = parser;
    this.secrets = secrets;
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
              ParseResult result = parse(file, text, snapshot.secrets());
              if (result instanceof ParseResult.Valid v) {
                ServiceSpec spec = v.spec();
                if (spec.node().equals(node)) {
                  switch (secrets.resolve(spec, snapshot.secrets())) {
                    case SecretValues.Result.Resolved r -> {
                      DesiredService d = new DesiredService(r.spec(), snapshot.revision());
                      services.put(spec.name(), d);
                      valid.put(spec.name(), text);
                      if (usesSecrets(spec)) {
                        lastWithSecrets.put(spec.name(), d);
                      } else {
                        lastWithSecrets.remove(spec.name());
                      }
                    }
                    case SecretValues.Result.Failed f ->
                        rejectSecrets(file, spec.name(), f.errors(), services, held, rejections);
                  }
                }
              } else {
                List<String> errors = result.errors().stream().map(SpecError::toString).toList();
                reject(file, errors, lastGood, services, held, rejections);
              }
            });
    parsed.keySet().retainAll(snapshot.files().keySet());
    return new Resolution(snapshot.revision(), new DesiredState(services, held), valid, rejections);
  }

  private ParseResult parse(String file, String text, SecretFiles secretFiles) {
    Set<String> names = Set.copyOf(secretFiles.names(stem(file)));
    Parsed before = parsed.get(file);
    if (before != null && before.text().equals(text) && before.secretNames().equals(names)) {
      return before.result();
    }
    ParseResult result = parser.parse(file, text, Optional.of(names));
    parsed.put(file, new Parsed(text, names, result));
    return result;
  }

  private record Parsed(String text, Set<String> secretNames, ParseResult result) {}

  private static boolean usesSecrets(ServiceSpec spec) {
    return spec.components().stream().anyMatch(c -> !c.secrets().isEmpty());
  }

  private static String stem(String file) {
    return file.endsWith(".toml") ? file.substring(0, file.length() - 5) : file;
  }

  /**
   * A valid file whose secrets cannot be decrypted: the service goes on with the spec it last ran
   * with its secrets, or, without one since the agent started, is held as it runs.
   */
  private void rejectSecrets(
      String file,
      String service,
      List<String> errors,
      Map<String, DesiredService> services,
      Set<String> held,
      List<Rejection> rejections) {
    DesiredService before = lastWithSecrets.get(service);
    if (before != null) {
      services.put(service, before);
      rejections.add(new Rejection(service, file, errors, true));
    } else {
      held.add(service);
      rejections.add(new Rejection(service, file, errors, false));
    }
  }

  private void reject(
      String file,
      List<String> errors,
      Map<String, LastGood> lastGood,
      Map<String, DesiredService> services,
      Set<String> held,
      List<Rejection> rejections) {
    String service = stem(file);
    LastGood good = lastGood.get(service);
    ParseResult previous = good == null ? null : parser.parse(file, good.toml());
    DesiredService withSecrets = lastWithSecrets.get(service);
    if (withSecrets != null
        && previous instanceof ParseResult.Valid v
        && v.spec().name().equals(withSecrets.spec().name())
        && withSecrets.spec().node().equals(node)) {
      // The last good spec as it ran, its secrets' digests included.
      services.put(service, withSecrets);
      rejections.add(new Rejection(service, file, errors, true));
    } else if (previous instanceof ParseResult.Valid v
        && v.spec().node().equals(node)
        && !usesSecrets(v.spec())) {
      services.put(service, new DesiredService(v.spec(), good.commit()));
      rejections.add(new Rejection(service, file, errors, true));
    } else {
      held.add(service);
      rejections.add(new Rejection(service, file, errors, false));
    }
  }
}
