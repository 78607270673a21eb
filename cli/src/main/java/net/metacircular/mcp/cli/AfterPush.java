package net.metacircular.mcp.cli;

import java.util.Collection;

/**
 * What happens after a change to desired state was committed and pushed ({@code stop}, {@code
 * start}, {@code service edit}, {@code rollback}): the place to ask the agents of {@link
 * PushedChange#nodes()} to sync now and wait until the service converges, printing progress on
 * {@code options.out()} and honouring {@code options.timeout()} and {@code options.json()}.
 *
 * <p>It is not called when the push did not happen ({@code --no-push}, rejected, failed). {@link
 * #NONE} does nothing: the agents pick the commit up at their next poll or webhook.
 */
@FunctionalInterface
public interface AfterPush {
  AfterPush NONE = (change, options) -> ExitCodes.OK;

  /**
   * Before a change is committed (never with {@code --no-push}): refuses it with a {@link
   * CliException} (exit {@link ExitCodes#AUTH}) when {@link #afterPush} could not have these nodes
   * sync, e.g. the token may only read, so that nothing is pushed that the agent would then apply
   * at its next poll behind a refusal. A node it cannot ask now (unreachable, an agent too old to
   * say) does not stop the change. The default, and {@link #NONE}, check nothing.
   *
   * @param nodes the nodes whose agents {@link #afterPush} will ask, e.g. {@code [rift]}
   */
  default void beforeCommit(Collection<String> nodes, CommonOptions options) {}

  /**
   * @return the command's exit code, e.g. {@link ExitCodes#OK}, {@link ExitCodes#NOT_CONVERGED} or
   *     {@link ExitCodes#AUTH}; or throw a {@link CliException}
   */
  int afterPush(PushedChange change, CommonOptions options) throws Exception;
}
