package net.metacircular.mcp.agent.testing;

import java.util.List;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.ObservedContainer;

/**
 * One test's container runtime with names no other test holds: real podman ({@link TestPodman}) or
 * in memory ({@link InMemoryRuntime}), so that a harness or a contract runs on either.
 */
public interface RuntimeFixture {
  ContainerRuntime runtime();

  /** This test's unique prefix; every container it names starts with it. */
  String prefix();

  /** A unique container name: {@code <prefix>-<suffix>}. */
  default String name(String suffix) {
    return prefix() + "-" + suffix;
  }

  /** A unique service name, so that {@code <service>-<component>} is unique too. */
  default String service(String suffix) {
    return name(suffix);
  }

  /** The test image. */
  String image();

  /** The test image under another tag (the same image id), for "the image changed" tests. */
  String image(String tag);

  /** This test's containers, as {@code ps} shows them now. */
  List<ObservedContainer> containers();

  /** Removes every container of this test. */
  void removeAll();
}
