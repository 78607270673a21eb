package net.metacircular.mcp.cli.doc;

/**
 * The parts of docs/reference/cli.md that are not one command's help: the exit code rule, how
 * validation picks its policy, and the release notes. Kept here so that the page stays generated.
 */
final class ReferenceText {
  private ReferenceText() {}

  static final String EXIT_CODES =
      """

      ## Exit codes

      One rule for every command:

      | code | meaning |
      | --- | --- |
      | 0 | done (also: nothing to do) |
      | 1 | the command could not do its job: a node unreachable (also a change whose node stays unreachable for `--unreachable-after` after the push, and `diff` with a node it cannot ask), bad config, an invalid service file (`validate`), a push refused, a fetch that failed |
      | 2 | usage: an unknown command, option or argument, an invalid service or component name, a bad option value |
      | 3 | the agent answered but the service is not where it should be: a failed deploy or restart, a conflict (a container MCP did not create holds the name), drift, out of sync, not converged within `--timeout`, a service file the agent rejected, `diff --check` with anything not applied |
      | 4 | authentication or permission: the agent refused the token (`UNAUTHENTICATED`, `PERMISSION_DENIED`), or a `read` token for a change |
      """;

  static final String POLICY =
      """

      ## Which policy a service file is checked against

      `mcp validate`, `mcp stop`, `mcp start`, `mcp service edit` and `mcp rollback` check each
      file as the agent of the node it names will (`node = "rift"`): its `services_root`,
      `[reconcile] allowed_volume_roots` and `allow_host_network`, asked with `GET /v1/policy`
      (a `read` token is enough; a 5 s limit, or `--timeout` if shorter). Each answer is cached in
      `$XDG_CACHE_HOME/mcp/policy/<node>.json` (`~/.cache/mcp/policy/<node>.json` without
      `XDG_CACHE_HOME`). When the node cannot be asked (unreachable, no token, an agent without
      `/v1/policy`), the first of these applies:

      1. the node's cached policy (`node rift's cached policy from <time>`): every check is made;
      2. `mcp validate --services-root DIR`;
      3. `services_root` in mcp.toml;
      4. the agent's default, `/srv`.

      With 2 to 4 the CLI knows a `services_root` only: a volume outside the service's data
      directory and `network = "host"` (or `"container:…"`) are reported as *not checked*, not
      refused, since only the node's `allowed_volume_roots` and `allow_host_network` decide them
      (its agent checks the file again and rejects it alone if it is invalid). `mcp validate`
      prints the policy each file was checked against (`policy: node rift's live policy
      (services_root /srv)`); the change commands say it on stderr when it is not the node's live
      one, and every refusal names it.
      """;

  static final String RELEASE_NOTES =
      """

      ## Release notes

      - Exit codes follow the rule above. `mcp deploy` and `mcp sync` exit 3 (was 1) when a deploy
        or an action failed; `mcp sync` exits 1 when a node could not fetch. `mcp restart` exits 3
        (was 1) when a restart failed. A change (`stop`, `start`, `service edit`, `rollback`)
        whose node stays unreachable after the push exits 1 (was 3). An invalid service name, and
        `mcp logs SERVICE` of a service with several components, exit 2 (was 1).
      - `mcp diff` names each node behind the remote (its applied commit and the remote's) or
        unreachable; `mcp diff --check` exits 3 when anything is not applied.
      - Service files are checked against their node's own policy (above); `services_root` in
        mcp.toml and `--services-root` are fallbacks only.
      - The change commands' 10 s limit for an unreachable node is `--unreachable-after`.
      """;
}
