package net.metacircular.mcp.cli;

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
   * @return the command's exit code, e.g. {@link ExitCodes#OK}, {@link ExitCodes#NOT_CONVERGED} or
   *     {@link ExitCodes#AUTH}; or throw a {@link CliException}
   */
  int afterPush(PushedChange change, CommonOptions options) throws Exception;
}
