package net.metacircular.mcp.agent.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The machinery behind {@link RequiresExecutables}: skip, or fail when the environment is required.
 */
final class ExecutablesExtension implements BeforeAllCallback, BeforeEachCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    check(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    check(context);
  }

  private static void check(ExtensionContext context) {
    List<String> wanted = new ArrayList<>();
    context
        .getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, RequiresExecutables.class))
        .ifPresent(a -> wanted.addAll(List.of(a.value())));
    context
        .getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, RequiresExecutables.class))
        .ifPresent(a -> wanted.addAll(List.of(a.value())));
    Executables executables = new Executables(System.getenv());
    List<String> missing = wanted.stream().filter(n -> executables.find(n).isEmpty()).toList();
    missingOrStop(missing, executables.searched(), System.getenv());
  }

  /**
   * Aborts (skips) the test when something is missing, or fails it when the environment is
   * required.
   */
  static void missingOrStop(List<String> missing, String searched, Map<String, String> env) {
    if (missing.isEmpty()) {
      return;
    }
    String reason =
        "needs " + String.join(", ", missing) + ", not found in " + searched + "; install them";
    if ("1".equals(env.get(PodmanProbe.REQUIRE_PODMAN))) {
      throw new AssertionError(
          reason + " (" + PodmanProbe.REQUIRE_PODMAN + "=1: the full environment is required)");
    }
    Assumptions.abort(reason + " (set " + PodmanProbe.REQUIRE_PODMAN + "=1 to fail instead)");
  }
}
