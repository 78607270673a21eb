package net.metacircular.mcp.agent.testing;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import net.metacircular.mcp.agent.runtime.PodmanSettings;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The machinery behind {@link RequiresPodman}. The probe runs once per JVM: its result lives in
 * JUnit's root store, not in a static. Each test gets its own {@link TestPodman}, whose containers
 * are removed after the test.
 */
final class PodmanExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PodmanExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    settingsOrStop(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    settingsOrStop(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestPodman fixture = context.getStore(NAMESPACE).get(TestPodman.class, TestPodman.class);
    if (fixture != null) {
      fixture.removeAll();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPodman.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    PodmanSettings settings = settingsOrStop(context);
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            TestPodman.class, k -> new TestPodman(settings, new SecureRandom()), TestPodman.class);
  }

  /** The probed settings; otherwise aborts the test, or fails it when podman is required. */
  private static PodmanSettings settingsOrStop(ExtensionContext context) {
    PodmanProbe.Result result =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                PodmanProbe.class,
                k -> new PodmanProbe(System.getenv(), Path.of("")).run(),
                PodmanProbe.Result.class);
    return settingsOrStop(result, System.getenv());
  }

  static PodmanSettings settingsOrStop(PodmanProbe.Result result, Map<String, String> env) {
    if (result.settings().isPresent()) {
      return result.settings().get();
    }
    String reason = "podman is not usable here: " + result.problem();
    if ("1".equals(env.get(PodmanProbe.REQUIRE_PODMAN))) {
      throw new AssertionError(reason + " (" + PodmanProbe.REQUIRE_PODMAN + "=1, so this fails)");
    }
    return Assumptions.abort(
        reason + " (set " + PodmanProbe.REQUIRE_PODMAN + "=1 to fail instead)");
  }
}
