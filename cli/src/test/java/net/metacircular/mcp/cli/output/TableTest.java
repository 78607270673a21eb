package net.metacircular.mcp.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsAlignWithTwoSpacesAndNoTrailingSpace() {
    String t =
        new Table("SERVICE", "STATE", "NOTE")
            .row("metacrypt", "running", "")
            .row("ledger", "out of sync")
            .render(Style.PLAIN);

    assertThat(t)
        .isEqualTo(
            """
            SERVICE    STATE        NOTE
            metacrypt  running
            ledger     out of sync
            """);
  }

  @Test
  void colourDoesNotBreakAlignment() {
    Style c = Style.COLOUR;
    String t = new Table("A", "B").row(c.red("xx"), "1").row("yyyy", "2").render(c);

    assertThat(t.lines().map(Style::width).toList()).containsExactly(7, 7, 7);
    assertThat(t).contains("\u001b[31mxx\u001b[0m    1");
  }

  @Test
  void plainStyleAddsNoEscapes() {
    assertThat(Style.PLAIN.red("x")).isEqualTo("x");
    assertThat(Style.COLOUR.red("x")).isEqualTo("\u001b[31mx\u001b[0m");
  }

  @Test
  void jsonEscapes() {
    assertThat(Json.write(Map.of("k", List.of("a\"b\\c\n", 1, true))))
        .isEqualTo("{\"k\":[\"a\\\"b\\\\c\\n\",1,true]}");
  }
}
