package net.metacircular.mcp.agent.runtime;

/**
 * A runtime's stream of container events being followed (see {@link
 * ContainerRuntime#events(java.time.Instant, java.util.function.Consumer)}). It ends when the
 * runtime stops sending (podman events exited, or could not start) or when it is closed.
 */
public interface EventStream extends AutoCloseable {

  /**
   * Waits until the stream ends.
   *
   * @return why it ended, in podman's words (its exit code and the last lines of its stderr)
   */
  String awaitEnd() throws InterruptedException;

  /** Stops following; {@link #awaitEnd} returns. Idempotent. */
  @Override
  void close();
}
