package net.metacircular.mcp.agent.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.agent.runtime.PodmanSettings;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One test's view of podman: a {@link Podman} set up for this machine, names no other test (in this
 * JVM or another) can hold, and the removal of every container with those names afterwards. Tests
 * must name every container through {@link #name} or {@link #service}, so cleanup never touches
 * anyone else's containers.
 */
public final class TestPodman implements RuntimeFixture {
  /** The test image: busybox-static; its default process exits at once on SIGTERM. */
  public static final String IMAGE = "localhost/mcp-test:idle";

  /** The repository of {@link #IMAGE}, for further tags of the same image. */
  public static final String IMAGE_REPOSITORY = "localhost/mcp-test";

  private final PodmanSettings settings;
  private final Podman podman;
  private final String prefix;
  private final Set<String> ownTags = ConcurrentHashMap.newKeySet();

  TestPodman(PodmanSettings settings, RandomGenerator random) {
    this.settings = settings;
    this.podman = new Podman(settings);
    byte[] bytes = new byte[4];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    // A letter first: podman names must start with a letter or digit, and "t" marks a test.
    this.prefix = "t" + HexFormat.of().formatHex(bytes);
  }

  public Podman podman() {
    return podman;
  }

  @Override
  public Podman runtime() {
    return podman;
  }

  /** Settings that work here, for tests that build their own {@link Podman} (e.g. a shim). */
  public PodmanSettings settings() {
    return settings;
  }

  /** The extra environment podman needs here ({@code CONTAINERS_CONF}). */
  public Map<String, String> environment() {
    return settings.environment();
  }

  /** This test's unique prefix, e.g. {@code t1a2b3c4d}. */
  @Override
  public String prefix() {
    return prefix;
  }

  /** A unique container name: {@code <prefix>-<suffix>}. */
  @Override
  public String name(String suffix) {
    return prefix + "-" + suffix;
  }

  /**
   * A unique service name, so that {@code RunRequest}'s {@code <service>-<component>} is unique and
   * cleaned up.
   */
  @Override
  public String service(String suffix) {
    return name(suffix);
  }

  /** {@link #IMAGE}. */
  @Override
  public String image() {
    return IMAGE;
  }

  /**
   * The test image under another tag ({@code localhost/mcp-test:<tag>}), made with {@code podman
   * tag} if missing: the same image under a new reference, for "the image tag changed" tests.
   */
  @Override
  public String image(String tag) {
    String reference = IMAGE_REPOSITORY + ":" + tag;
    if (!podman.imageExists(reference)) {
      podman.tag(IMAGE, reference);
      if (tag.startsWith(prefix + "-")) {
        ownTags.add(reference);
      }
    }
    return reference;
  }

  /** Containers of this test, as {@code podman ps -a} shows them now. */
  @Override
  public List<ObservedContainer> containers() {
    return podman.ps().stream().filter(c -> c.name().startsWith(prefix + "-")).toList();
  }

  /**
   * {@code podman run -d} of {@link #IMAGE} outside any agent, with the given labels: a container
   * an agent must not own, or one that only claims to be managed. Name it with {@link #name} or
   * {@link #service} so that {@link #removeAll} removes it.
   */
  public void runOutside(String name, Map<String, String> labels) {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
    labels.forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
    args.add(image());
    byHand(args.toArray(String[]::new));
  }

  /**
   * Runs podman directly with these arguments, as an operator would by hand, outside any agent;
   * returns its output, and fails the test unless podman exits 0 within a minute.
   */
  public String byHand(String... args) {
    return byHand(settings, args);
  }

  /** As {@link #byHand(String...)}, with the executable and environment of {@code podman}. */
  public static String byHand(PodmanSettings podman, String... args) {
    List<String> argv = new ArrayList<>(List.of(podman.executable()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(podman.environment());
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("podman " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Force-removes every container of this test; reports what could not be removed. podman can
   * refuse a removal while a container is between states ("container state improper"), so each
   * removal is tried again, every 200 ms for up to 10 s.
   */
  @Override
  public void removeAll() {
    List<String> failures = new ArrayList<>();
    for (ObservedContainer c : containers()) {
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptionsInstanceOf(PodmanException.class)
            .until(() -> removed(c.name()));
      } catch (ConditionTimeoutException e) {
        failures.add(c.name() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
      }
    }
    // This test's own tags of the test image (<prefix>-…): one more name per run otherwise. Both
    // names given: "podman untag <image>" alone would take every name off the shared image.
    for (String reference : List.copyOf(ownTags)) {
      try {
        byHand("untag", reference, reference);
        ownTags.remove(reference);
      } catch (AssertionError e) {
        failures.add("tag " + reference + ": " + e.getMessage());
      }
    }
    // The podman secrets of this test's services (mcp-<prefix>-…), once no container uses them.
    for (String secret : podman.secretNames()) {
      if (secret.startsWith("mcp-" + prefix + "-")) {
        try {
          podman.removeSecret(secret);
        } catch (PodmanException e) {
          failures.add("secret " + secret + ": " + e.getMessage());
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("could not remove what the test made: " + failures);
    }
  }

  /** Force-removes one container; true also when it is gone already. */
  private boolean removed(String name) {
    try {
      podman.remove(name, true);
    } catch (PodmanException e) {
      if (!e.noSuchContainer()) {
        throw e;
      }
    }
    return true;
  }
}
