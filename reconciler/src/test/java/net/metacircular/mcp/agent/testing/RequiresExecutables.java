package net.metacircular.mcp.agent.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test (class or method) that starts real programs (sshd, nginx, fcgiwrap, …). They are
 * looked up on PATH and in the sbin folders. When one is missing the test is skipped with the
 * reason, or fails with it when the environment says {@code MCP_REQUIRE_PODMAN=1} ("the full
 * integration environment is required", as CI does).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ExecutablesExtension.class)
public @interface RequiresExecutables {
  /** Program names, e.g. {@code sshd}. */
  String[] value();
}
