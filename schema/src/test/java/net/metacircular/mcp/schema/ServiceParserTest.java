package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceParserTest {

  @Test
  void appliesDefaults() {
    ServiceSpec spec = Fixtures.parse(Fixtures.MINIMAL).orElseThrow();

    assertThat(spec.name()).isEqualTo("svc");
    assertThat(spec.node()).isEqualTo("rift");
    assertThat(spec.active()).isTrue();
    assertThat(spec.deploy()).isEqualTo(DeployMode.AUTO);
    ComponentSpec app = spec.components().get(0);
    assertThat(app)
        .isEqualTo(
            new ComponentSpec(
                "app",
                "registry.example.net/app:1",
                List.of(),
                Map.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                RestartPolicy.UNLESS_STOPPED,
                List.of(),
                Duration.ofSeconds(10),
                Optional.empty(),
                SecretRefs.NONE));
  }

  @Test
  void readsEveryKey() {
    ServiceSpec spec =
        Fixtures.parse(
                """
                name = "svc"
                node = "rift"
                active = false
                deploy = "manual"

                [[components]]
                name = "db"
                image = "docker.io/library/postgres:16"

                [[components]]
                name = "app"
                image = "registry.example.net:5000/team/app:v1@sha256:%s"
                cmd = ["serve", "--port", "8080"]
                env = { B = "2", A = "1" }
                ports = ["127.0.0.1:8080:8080", "9000-9002:9000-9002/udp", "[::1]::53/udp", "80"]
                volumes = ["/srv/svc/data:/data:ro,Z", "cache:/cache"]
                network = "mcpnet"
                user = "mcp:mcp"
                restart = "on-failure:3"
                depends_on = ["db"]
                stop_timeout = "1m30s"

                [components.health]
                cmd = ["true"]
                interval = "1500ms"
                retries = 7
                start_period = "2m"
                timeout = "1h"
                """
                    .formatted("a".repeat(64)))
            .orElseThrow();

    assertThat(spec.active()).isFalse();
    assertThat(spec.deploy()).isEqualTo(DeployMode.MANUAL);
    ComponentSpec app = spec.component("app").orElseThrow();
    assertThat(app.cmd()).containsExactly("serve", "--port", "8080");
    assertThat(app.env()).containsExactlyInAnyOrderEntriesOf(Map.of("A", "1", "B", "2"));
    assertThat(app.ports()).hasSize(4);
    assertThat(app.volumes()).containsExactly("/srv/svc/data:/data:ro,Z", "cache:/cache");
    assertThat(app.network()).contains("mcpnet");
    assertThat(app.user()).contains("mcp:mcp");
    assertThat(app.restart()).isEqualTo(new RestartPolicy(RestartPolicy.Kind.ON_FAILURE, 3));
    assertThat(app.dependsOn()).containsExactly("db");
    assertThat(app.stopTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(app.health())
        .contains(
            new HealthSpec(
                List.of("true"),
                Duration.ofMillis(1500),
                7,
                Duration.ofMinutes(2),
                Duration.ofHours(1)));
  }

  @Test
  void selfHealIsTheAgentsUnlessTheServiceSaysAndIsNoPartOfTheSpecHash() {
    ServiceSpec unset = Fixtures.parse(Fixtures.MINIMAL).orElseThrow();
    ServiceSpec off =
        Fixtures.parse(
                Fixtures.MINIMAL.replace(
                    "node = \"rift\"\n", "node = \"rift\"\nself_heal = false\n"))
            .orElseThrow();

    assertThat(unset.selfHeal()).isEmpty();
    assertThat(unset.selfHeal(true)).isTrue();
    assertThat(unset.selfHeal(false)).isFalse();
    assertThat(off.selfHeal()).contains(false);
    assertThat(off.selfHeal(true)).isFalse();
    assertThat(SpecHash.of(off.components().get(0)))
        .isEqualTo(SpecHash.of(unset.components().get(0)));
    assertThat(
            Fixtures.errors(
                Fixtures.MINIMAL.replace(
                    "node = \"rift\"\n", "node = \"rift\"\nself_heal = \"no\"\n")))
        .singleElement()
        .satisfies(e -> assertThat(e).contains("self_heal").contains("boolean"));
  }

  @Test
  void healthDefaults() {
    ServiceSpec spec =
        Fixtures.parse(Fixtures.MINIMAL + "health = { cmd = [\"true\"] }\n").orElseThrow();

    assertThat(spec.components().get(0).health())
        .contains(
            new HealthSpec(
                List.of("true"), Duration.ofSeconds(30), 3, Duration.ZERO, Duration.ofSeconds(30)));
  }

  @Test
  void extraVolumePrefixesAreAllowed() {
    ServiceParser parser =
        new ServiceParser(
            new ValidationPolicy(Path.of("/data"), List.of(Path.of("/etc/ssl/certs"))));

    ParseResult result =
        parser.parse(
            "svc.toml",
            Fixtures.MINIMAL + "volumes = [\"/data/svc:/d\", \"/etc/ssl/certs:/certs:ro\"]\n");

    assertThat(result.errors()).isEmpty();
    assertThat(
            parser.parse("svc.toml", Fixtures.MINIMAL + "volumes = [\"/srv/svc:/d\"]\n").isValid())
        .isFalse();
  }

  @Test
  void orElseThrowListsEveryError() {
    ParseResult result = Fixtures.parse("name = \"x\"\n");

    assertThatThrownBy(result::orElseThrow)
        .isInstanceOf(SchemaException.class)
        .hasMessage(
            """
            svc.toml:1:1: name: expected the file name without .toml, "svc"; got "x" (rename the file to x.toml or set name = "svc")
            svc.toml:1:1: node: required key is missing; add node = "<node name>", e.g. node = "rift"
            svc.toml:1:1: components: required key is missing; add at least one [[components]] table with a name and an image""");
  }

  @Test
  void unreadableFileIsAnErrorWithoutPosition() {
    ParseResult result = new ServiceParser().parse(Path.of("/nonexistent/svc.toml"));

    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).toString()).startsWith("svc.toml: cannot read the file: ");
  }
}
