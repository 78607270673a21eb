package net.metacircular.mcp.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgvTest {
  @Test
  void environmentValuesAreRedactedAndEverythingElseKept() {
    assertThat(
            Argv.redacted(
                List.of(
                    "podman",
                    "run",
                    "--env",
                    "TOKEN=s3cret",
                    "-e",
                    "A=b=c",
                    "--env=K=v",
                    "-e",
                    "NOVALUE",
                    "img")))
        .containsExactly(
            "podman",
            "run",
            "--env",
            "TOKEN=<redacted>",
            "-e",
            "A=<redacted>",
            "--env=K=<redacted>",
            "-e",
            "NOVALUE",
            "img");
  }
}
