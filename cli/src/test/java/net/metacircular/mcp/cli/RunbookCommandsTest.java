package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link RunbookCommands} reads a runbook: no agent and no podman (it was a test of {@link
 * RunbookTest}, whose agent and first sync it built for nothing).
 */
class RunbookCommandsTest {
  @Test
  void theParserFindsBlocksInlineCommandsAndRemoteMarks() {
    String md =
        """
        Run `mcp status` or `mcp deploy <service>`; on the node (`doas`)
        `ssh rift "doas systemctl status mcp-agent"`; not a command: `/srv/mcp`.

        ```bash
        mcp ps   # live
        curl -s https://rift:9443/healthz \\
          -H 'X: y'
        ```

        ```bash remote
        ssh rift "doas journalctl -u mcp-agent -n 50"
        # prints: the last lines
        curl -d '{
          "a": 1
        }' https://x
        ```
        """;

    List<RunbookCommands.Command> c = RunbookCommands.of(md);

    assertThat(c.stream().map(RunbookCommands.Command::toString))
        .containsExactly(
            "runbook.md:1: mcp status",
            "runbook.md:1: mcp deploy <service>  (a placeholder to fill in)",
            "runbook.md:2: ssh rift \"doas systemctl status mcp-agent\"  (on the node or as root)",
            "runbook.md:5: mcp ps",
            "runbook.md:6: curl -s https://rift:9443/healthz -H 'X: y'",
            "runbook.md:11: ssh rift \"doas journalctl -u mcp-agent -n 50\"  (```bash remote block)",
            "runbook.md:13: curl -d '{ \"a\": 1 }' https://x  (```bash remote block)");
  }
}
