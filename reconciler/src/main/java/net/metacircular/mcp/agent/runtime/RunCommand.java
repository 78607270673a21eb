package net.metacircular.mcp.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.SecretRefs;

/** The arguments of {@code podman run} for one component: a pure function of the request. */
final class RunCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunCommand() {}

  static List<String> arguments(RunRequest request) {
    ComponentSpec c = request.component();
    List<String> args = new ArrayList<>();
    args.add("run");
    args.add("--detach");
    args.add("--name");
    args.add(PodmanNames.container(request.containerName(), "container name"));
    label(args, Labels.MANAGED, "true");
    label(args, Labels.SERVICE, request.service());
    label(args, Labels.COMPONENT, c.name());
    label(args, Labels.SPEC_HASH, request.specHash());
    label(args, Labels.COMMIT, request.commit());
    if (!request.node().isEmpty()) {
      label(args, Labels.NODE, request.node());
    }
    args.add("--restart");
    args.add(c.restart().word());
    args.add("--stop-timeout");
    args.add(Long.toString(wholeSecondsRoundedUp(c.stopTimeout())));
    for (String port : c.ports()) {
      args.add("--publish");
      args.add(port);
    }
    for (String volume : c.volumes()) {
      args.add("--volume");
      args.add(volume);
    }
    // Sorted so that the same spec always gives the same vector.
    for (Map.Entry<String, String> e : new TreeMap<>(c.env()).entrySet()) {
      args.add("--env");
      args.add(e.getKey() + "=" + e.getValue());
    }
    secrets(args, request);
    c.network()
        .ifPresent(
            n -> {
              args.add("--network");
              args.add(n);
            });
    c.user()
        .ifPresent(
            u -> {
              args.add("--user");
              args.add(u);
            });
    c.health().ifPresent(h -> health(args, h));
    args.add(PodmanNames.image(c.image()));
    args.addAll(c.cmd());
    return args;
  }

  /**
   * Each secret as a podman secret of this value: a file at {@code /run/secrets/<name>}, or an
   * environment variable. The value is in podman's secret store, not in this vector.
   */
  private static void secrets(List<String> args, RunRequest request) {
    SecretRefs refs = request.component().secrets();
    for (String name : refs.files()) {
      args.add("--secret");
      args.add(PodmanSecretName.of(request.service(), refs, name) + ",type=mount,target=" + name);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(refs.env()).entrySet()) {
      args.add("--secret");
      args.add(
          PodmanSecretName.of(request.service(), refs, e.getValue())
              + ",type=env,target="
              + e.getKey());
    }
  }

  private static void label(List<String> args, String key, String value) {
    args.add("--label");
    args.add(key + "=" + value);
  }

  private static void health(List<String> args, HealthSpec h) {
    args.add("--health-cmd");
    args.add(healthCommand(h.cmd()));
    args.add("--health-interval");
    args.add(goDuration(h.interval()));
    args.add("--health-retries");
    args.add(Integer.toString(h.retries()));
    args.add("--health-start-period");
    args.add(goDuration(h.startPeriod()));
    args.add("--health-timeout");
    args.add(goDuration(h.timeout()));
  }

  /**
   * podman 4.3's {@code --health-cmd} value. Measured here: a JSON array of two or more words is
   * stored as the exec form {@code ["CMD", words…]}, arguments intact; a leading {@code "CMD"} is
   * mangled (the whole text becomes one word), so it is dropped; a single word becomes {@code
   * CMD-SHELL word}, i.e. runs through the image's {@code /bin/sh}. {@code CMD-SHELL} passes as is.
   */
  static String healthCommand(List<String> cmd) {
    List<String> words = cmd;
    if (words.size() > 1 && words.get(0).equals("CMD")) {
      words = words.subList(1, words.size());
    }
    try {
      return JSON.writeValueAsString(words);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serialises", e);
    }
  }

  /** A duration as Go's time.ParseDuration reads it: whole seconds, else milliseconds. */
  static String goDuration(Duration d) {
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  /** podman's {@code --stop-timeout} and {@code stop -t} take whole seconds; never cut short. */
  static long wholeSecondsRoundedUp(Duration d) {
    long seconds = d.toSeconds();
    return d.minusSeconds(seconds).isZero() ? seconds : seconds + 1;
  }
}
