package net.metacircular.mcp.agent.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test (class or method) that runs real podman. podman is probed once per JVM: on PATH,
 * {@code podman info} works with the tests' CONTAINERS_CONF, and the test image {@link
 * TestPodman#IMAGE} runs (built from busybox-static if missing). When the probe fails, the test is
 * skipped with the reason, or fails with it when the environment says {@code MCP_REQUIRE_PODMAN=1}
 * (as CI does).
 *
 * <p>Test methods (and {@code @BeforeEach} methods) may take a {@link TestPodman} parameter: a
 * {@code Podman} for the tests' environment, unique container names, and the removal of every
 * container with those names after the test.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PodmanExtension.class)
@Tag("podman")
public @interface RequiresPodman {}
