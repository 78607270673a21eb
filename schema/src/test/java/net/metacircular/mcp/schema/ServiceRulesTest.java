package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rules of the whole file: top-level keys, components as a whole, dependencies, TOML syntax. */
class ServiceRulesTest {

  @Test
  void reportsEveryErrorOfTheFileAtOnceInTextOrder() {
    assertThat(
            Fixtures.errors(
                """
                name = "svc"
                node = "rift"
                active = "yes"
                deploy = "often"
                nmae = 1
                [[components]]
                name = "a"
                image = "Reg/App"
                restart = "sometimes"
                """))
        .containsExactly(
            "svc.toml:3:1: active: expected a boolean (true or false); got \"yes\"",
            "svc.toml:4:1: deploy: expected one of auto, manual; got \"often\"",
            "svc.toml:5:1: nmae: unknown key; did you mean \"name\"?",
            "svc.toml:8:1: components[0].image: the repository path \"Reg/App\" must be lower-case;"
                + " expected [host[:port]/]path[:tag][@digest], e.g."
                + " \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"Reg/App\"",
            "svc.toml:9:1: components[0].restart: expected one of no, on-failure[:N], always,"
                + " unless-stopped; got \"sometimes\"");
  }

  @Test
  void unknownTopLevelKeyWithoutCloseMatchListsTheKnownOnes() {
    assertThat(Fixtures.errors("owner = \"ops\"\n" + Fixtures.MINIMAL))
        .containsExactly(
            "svc.toml:1:1: owner: unknown key; expected one of name, node, active, deploy,"
                + " self_heal, rollout, components");
  }

  @Test
  void nameMustBeValidAndNodeNonEmptyAndComponentsPresent() {
    assertThat(Fixtures.errors("name = \"Svc\"\nnode = \"\"\ncomponents = []\n"))
        .containsExactly(
            "svc.toml:1:1: name: expected lower-case letters, digits and '-', starting with a letter"
                + " or digit, at most 63 characters; got \"Svc\"",
            "svc.toml:2:1: node: expected lower-case letters, digits and '-', starting with a letter"
                + " or digit, at most 63 characters; got \"\"",
            "svc.toml:3:1: components: a service needs at least one component; add at least one"
                + " [[components]] table with a name and an image");
  }

  @Test
  void nameMustEqualTheFileName() {
    assertThat(new ServiceParser().parse("metacrypt.toml", Fixtures.MINIMAL).errors())
        .map(SpecError::toString)
        .containsExactly(
            "metacrypt.toml:1:1: name: expected the file name without .toml, \"metacrypt\"; got"
                + " \"svc\" (rename the file to svc.toml or set name = \"metacrypt\")");
  }

  @Test
  void requiredKeysMissing() {
    assertThat(Fixtures.errors("[[components]]\nimage = \"app\"\n"))
        .containsExactly(
            "svc.toml:1:1: name: required key is missing; add name = \"svc\"",
            "svc.toml:1:1: node: required key is missing; add node = \"<node name>\", e.g. node ="
                + " \"rift\"",
            "svc.toml:1:1: components[0].name: required key is missing; add name = \"<component>\","
                + " e.g. name = \"api\"");
  }

  @Test
  void imageIsRequired() {
    assertThat(Fixtures.errors("name = \"svc\"\nnode = \"rift\"\n\n[[components]]\nname = \"a\"\n"))
        .containsExactly(
            "svc.toml:4:1: components[0].image: required key is missing; add image ="
                + " \"<registry>/<path>:<tag>\"");
  }

  @Test
  void componentsMustBeAnArrayOfTables() {
    assertThat(Fixtures.errors("name = \"svc\"\nnode = \"rift\"\n[components]\nname = \"a\"\n"))
        .containsExactly(
            "svc.toml:3:1: components: expected an array of tables, written [[components]]; got a"
                + " table");
    assertThat(Fixtures.errors("name = \"svc\"\nnode = \"rift\"\ncomponents = [1]\n"))
        .containsExactly("svc.toml:3:15: components[0]: expected a table; got integer 1");
  }

  @Test
  void duplicateComponentNameNamesTheFirstUse() {
    assertThat(
            Fixtures.errors(
                Fixtures.MINIMAL
                    + """
                    [[components]]
                    name = "app"
                    image = "registry.example.net/app:2"
                    """))
        .containsExactly(
            "svc.toml:8:1: components[1].name: duplicate component name \"app\", already used at"
                + " line 5; component names must be unique in the service");
  }

  @Test
  void dependencyCycleIsNamedOnceFromItsFirstComponent() {
    String text =
        """
        name = "svc"
        node = "rift"
        [[components]]
        name = "a"
        image = "x"
        depends_on = ["b"]
        [[components]]
        name = "b"
        image = "x"
        depends_on = ["c"]
        [[components]]
        name = "c"
        image = "x"
        depends_on = ["a"]
        [[components]]
        name = "d"
        image = "x"
        depends_on = ["d", "a", "e"]
        """;
    assertThat(Fixtures.errors(text))
        .containsExactly(
            "svc.toml:6:1: components[0].depends_on: depends_on forms a cycle: a → b → c → a;"
                + " remove one of these dependencies",
            "svc.toml:18:15: components[3].depends_on[0]: a component cannot depend on itself;"
                + " remove \"d\"",
            "svc.toml:18:25: components[3].depends_on[2]: no component named \"e\" in this"
                + " service; expected one of a, b, c, d");
  }

  @Test
  void twoComponentCycle() {
    String text =
        """
        name = "svc"
        node = "rift"
        [[components]]
        name = "web"
        image = "x"
        depends_on = ["api"]
        [[components]]
        name = "api"
        image = "x"
        depends_on = ["web"]
        """;
    assertThat(Fixtures.errors(text))
        .containsExactly(
            "svc.toml:6:1: components[0].depends_on: depends_on forms a cycle: web → api → web;"
                + " remove one of these dependencies");
  }

  @Test
  void healthTableErrorsArePlacedInsideIt() {
    String text =
        Fixtures.MINIMAL
            + """
            [components.health]
            retries = "3"
            """;
    assertThat(Fixtures.errors(text))
        .containsExactly(
            "svc.toml:7:1: components[0].health.cmd: required key is missing; add cmd = [\"curl\","
                + " \"-f\", \"http://127.0.0.1:8080/healthz\"] or similar",
            "svc.toml:8:1: components[0].health.retries: expected an integer; got \"3\"");
  }

  @Test
  void malformedTomlIsASyntaxErrorWithItsPosition() {
    assertThat(Fixtures.errors("name = \"svc\"\nnode = \"rift\"\nactive = \n"))
        .containsExactly(
            "svc.toml:3:10: TOML syntax error: Unexpected end of line, expected ', \", ''', \"\"\","
                + " a number, a boolean, a date/time, an array, or a table");
    assertThat(Fixtures.errors("name = \"svc\"\nname = \"x\"\n[[components]\n"))
        .containsExactly(
            "svc.toml:2:1: TOML syntax error: name previously defined at line 1, column 1",
            "svc.toml:3:13: TOML syntax error: Unexpected ']', expected ]] or .");
  }
}
