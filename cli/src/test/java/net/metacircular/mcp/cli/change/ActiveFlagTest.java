package net.metacircular.mcp.cli.change;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActiveFlagTest {
  @Test
  void replacesTheTopLevelLineOnly() {
    String text =
        "name = \"x\"\nnode = \"n\"\nactive = true   # why\n\n[[components]]\nactive = true\n";

    assertThat(ActiveFlag.set(text, false))
        .isEqualTo(
            "name = \"x\"\nnode = \"n\"\nactive = false  # why\n\n[[components]]\nactive = true\n");
  }

  @Test
  void insertsAfterNodeWhenMissing() {
    assertThat(ActiveFlag.set("# c\nname = \"x\"\nnode = \"n\"\n[a]\n", false))
        .isEqualTo("# c\nname = \"x\"\nnode = \"n\"\nactive = false\n[a]\n");
  }

  @Test
  void keepsCrlfAndAFileWithoutFinalNewline() {
    assertThat(ActiveFlag.set("name = \"x\"\r\nnode = \"n\"", false))
        .isEqualTo("name = \"x\"\r\nnode = \"n\"\r\nactive = false\r\n");
    assertThat(ActiveFlag.set("active=false\r\n", true)).isEqualTo("active=true\r\n");
  }
}
