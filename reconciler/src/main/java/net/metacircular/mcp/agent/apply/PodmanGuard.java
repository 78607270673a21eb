package net.metacircular.mcp.agent.apply;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Supplier;
import net.metacircular.mcp.agent.runtime.PodmanTimeoutException;
import net.metacircular.mcp.agent.runtime.PodmanUnavailableException;

/**
 * The retry and circuit-breaker policy around podman calls. A call that timed out, or a podman that
 * could not be run, is transient: retried with exponential backoff. When podman keeps failing that
 * way the breaker opens and calls fail at once for a while, so that a podman that is down is not
 * hammered. Errors podman answered with (no such image, port taken) are not retried: trying again
 * at once would fail the same way.
 */
public final class PodmanGuard {
  private final Retry retry;
  private final CircuitBreaker breaker;

  public PodmanGuard(Policy policy) {
    this.retry =
        Retry.of(
            "podman",
            RetryConfig.custom()
                .maxAttempts(policy.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(policy.firstBackoff(), 2.0))
                .retryOnException(PodmanGuard::transientFailure)
                .build());
    this.breaker =
        CircuitBreaker.of(
            "podman",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.window())
                .minimumNumberOfCalls(policy.window())
                .failureRateThreshold(50)
                .waitDurationInOpenState(policy.openFor())
                .recordException(PodmanGuard::transientFailure)
                .build());
  }

  /**
   * The policy's numbers.
   *
   * @param attempts tries per call, first included
   * @param firstBackoff wait before the second try; doubled each time
   * @param window calls the breaker judges over
   * @param openFor how long an open breaker refuses calls
   */
  public record Policy(int attempts, Duration firstBackoff, int window, Duration openFor) {
    public static final Policy DEFAULT =
        new Policy(3, Duration.ofMillis(500), 6, Duration.ofSeconds(30));
  }

  static boolean transientFailure(Throwable t) {
    return t instanceof PodmanTimeoutException || t instanceof PodmanUnavailableException;
  }

  /** Runs one podman call under the policy. */
  public <T> T call(Supplier<T> podmanCall) {
    try {
      return breaker.executeSupplier(Retry.decorateSupplier(retry, podmanCall));
    } catch (CallNotPermittedException e) {
      throw new PodmanBackoffException(
          "podman has been failing; not calling it again for up to " + openForText(), e);
    }
  }

  public void run(Runnable podmanCall) {
    call(
        () -> {
          podmanCall.run();
          return null;
        });
  }

  /** True while podman is considered down. */
  public boolean open() {
    return breaker.getState() == CircuitBreaker.State.OPEN;
  }

  private String openForText() {
    return breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) / 1000
        + "s";
  }

  /** Calls refused because podman has been failing: back off, try later. */
  public static final class PodmanBackoffException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PodmanBackoffException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
