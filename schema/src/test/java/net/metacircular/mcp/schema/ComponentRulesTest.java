package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad value per rule of a component, and the exact error it gives. The line added to {@link
 * Fixtures#MINIMAL} is line 7; an image replaces the fixture's, on line 6.
 */
class ComponentRulesTest {

  @ParameterizedTest(name = "{1}")
  @MethodSource("cases")
  void reportsExactly(String text, String expected) {
    assertThat(Fixtures.errors(text)).containsExactly(expected);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        line(
            "imgae = \"x\"",
            "svc.toml:7:1: components[0].imgae: unknown key; did you mean \"image\"?"),
        line(
            "bogus = 1",
            "svc.toml:7:1: components[0].bogus: unknown key; expected one of name, image, cmd, env, ports, volumes, network, user, restart, depends_on, stop_timeout, health, secrets, env_secrets"),
        line(
            "active = true",
            "svc.toml:7:1: components[0].active: unknown key; expected one of name, image, cmd, env, ports, volumes, network, user, restart, depends_on, stop_timeout, health, secrets, env_secrets"),
        line(
            "cmd = \"serve\"",
            "svc.toml:7:1: components[0].cmd: expected an array of strings; got \"serve\""),
        line(
            "cmd = [\"a\", 1]",
            "svc.toml:7:13: components[0].cmd[1]: expected a string; got integer 1"),
        line(
            "env = { \"my-var\" = \"x\" }",
            "svc.toml:7:9: components[0].env.my-var: expected an environment variable name (letters, digits and '_', not starting with a digit); got \"my-var\""),
        line(
            "env = { PORT = 8080 }",
            "svc.toml:7:9: components[0].env.PORT: expected a string (quote numbers and booleans, e.g. PORT = \"1\"); got integer 8080"),
        line("env = \"A=1\"", "svc.toml:7:1: components[0].env: expected a table; got \"A=1\""),
        line(
            "ports = [\"70000:80\"]",
            "svc.toml:7:10: components[0].ports[0]: port 70000 is out of range 1-65535; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"70000:80\""),
        line(
            "ports = [\"8080:80/http\"]",
            "svc.toml:7:10: components[0].ports[0]: protocol \"http\" is not tcp, udp or sctp; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"8080:80/http\""),
        line(
            "ports = [\"1.2.3.999:80:80\"]",
            "svc.toml:7:10: components[0].ports[0]: \"1.2.3.999\" is not an IPv4 address (IPv6 addresses go in brackets); expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"1.2.3.999:80:80\""),
        line(
            "ports = [\"::1:80:80\"]",
            "svc.toml:7:10: components[0].ports[0]: too many ':' (IPv6 addresses go in brackets, e.g. \"[::1]:8080:80\"); expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"::1:80:80\""),
        line(
            "ports = [\"[::1:80:80\"]",
            "svc.toml:7:10: components[0].ports[0]: the IPv6 address has no closing ']'; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"[::1:80:80\""),
        line(
            "ports = [\"[fe80::zz]:80:80\"]",
            "svc.toml:7:10: components[0].ports[0]: \"fe80::zz\" is not an IPv6 address; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"[fe80::zz]:80:80\""),
        line(
            "ports = [\"8000-8010:80-81\"]",
            "svc.toml:7:10: components[0].ports[0]: host ports 8000-8010 and container ports 80-81 differ in number; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"8000-8010:80-81\""),
        line(
            "ports = [\"8010-8000:80\"]",
            "svc.toml:7:10: components[0].ports[0]: range 8010-8000 runs backwards; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"8010-8000:80\""),
        line(
            "ports = [\":80\"]",
            "svc.toml:7:10: components[0].ports[0]: the host port before ':' is empty; give one or write the container port alone; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \":80\""),
        line(
            "ports = [\"abc\"]",
            "svc.toml:7:10: components[0].ports[0]: the container port \"abc\" is not a number or a range; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"abc\""),
        line(
            "ports = [\"[::1]:80\"]",
            "svc.toml:7:10: components[0].ports[0]: after the IPv6 address comes :hostPort:containerPort; expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\", \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"; got \"[::1]:80\""),
        line(
            "ports = [8080]",
            "svc.toml:7:10: components[0].ports[0]: expected a string; got integer 8080"),
        line(
            "volumes = [\"/etc:/etc\"]",
            "svc.toml:7:12: components[0].volumes[0]: the host path /etc is outside the service's data directory /srv/svc/; keep the data under /srv/svc/ or allow the prefix in the agent's config; expected host:container[:options], e.g. \"/srv/svc/data:/data:Z\"; got \"/etc:/etc\""),
        line(
            "volumes = [\"/srv/svc/../other:/x\"]",
            "svc.toml:7:12: components[0].volumes[0]: the host path /srv/svc/../other has a '..' segment; write it without '..'; expected host:container[:options], e.g. \"/srv/svc/data:/data:Z\"; got \"/srv/svc/../other:/x\""),
        line(
            "volumes = [\"/srv/svc2:/x\"]",
            "svc.toml:7:12: components[0].volumes[0]: the host path /srv/svc2 is outside the service's data directory /srv/svc/; keep the data under /srv/svc/ or allow the prefix in the agent's config; expected host:container[:options], e.g. \"/srv/svc/data:/data:Z\"; got \"/srv/svc2:/x\""),
        line(
            "volumes = [\"/srv/svc/data\"]",
            "svc.toml:7:12: components[0].volumes[0]: a volume has two or three parts separated by ':'; expected host:container[:options], e.g. \"/srv/svc/data:/data:Z\"; got \"/srv/svc/data\""),
        line(
            "volumes = [\"/srv/svc/data:data\"]",
            "svc.toml:7:12: components[0].volumes[0]: the container path \"data\" is not an absolute path; expected host:container[:options], e.g. \"/srv/svc/data:/data:Z\"; got \"/srv/svc/data:data\""),
        line(
            "volumes = [\"/srv/svc/data:/data:rw,bogus\"]",
            "svc.toml:7:12: components[0].volumes[0]: unknown option \"bogus\"; options are ro,rw,z,Z,U,O,shared,slave,private,rshared,rslave,rprivate,nocopy,noexec,exec,suid,nosuid,dev,nodev, separated by ','; expected host:container[:options], e.g. \"/srv/svc/data:/data:Z\"; got \"/srv/svc/data:/data:rw,bogus\""),
        line(
            "volumes = [\"my vol:/data\"]",
            "svc.toml:7:12: components[0].volumes[0]: the host side \"my vol\" is neither an absolute path nor a volume name; expected host:container[:options], e.g. \"/srv/svc/data:/data:Z\"; got \"my vol:/data\""),
        line(
            "volumes = [\"/srv/svc/a:/b/../c\"]",
            "svc.toml:7:12: components[0].volumes[0]: the container path /b/../c has a '..' segment; write it without '..'; expected host:container[:options], e.g. \"/srv/svc/data:/data:Z\"; got \"/srv/svc/a:/b/../c\""),
        line(
            "network = \"\"",
            "svc.toml:7:1: components[0].network: expected a podman network name, e.g. \"mcpnet\"; got \"\""),
        line(
            "network = 1", "svc.toml:7:1: components[0].network: expected a string; got integer 1"),
        line(
            "network = \"host\"",
            "svc.toml:7:1: components[0].network: \"host\" shares another network namespace (the node's), which MCP refuses unless the agent's config allows it ([reconcile] allow_host_network = true); use a podman network such as \"mcpnet\""),
        line(
            "network = \"container:other\"",
            "svc.toml:7:1: components[0].network: \"container:other\" shares another network namespace (another container's), which MCP refuses unless the agent's config allows it ([reconcile] allow_host_network = true); use a podman network such as \"mcpnet\""),
        line(
            "user = \"Root\"",
            "svc.toml:7:1: components[0].user: expected user[:group] by name or number, e.g. \"mcp\", \"1000\" or \"0:0\"; got \"Root\""),
        line(
            "user = \"0:0:0\"",
            "svc.toml:7:1: components[0].user: expected user[:group] by name or number, e.g. \"mcp\", \"1000\" or \"0:0\"; got \"0:0:0\""),
        line(
            "restart = \"sometimes\"",
            "svc.toml:7:1: components[0].restart: expected one of no, on-failure[:N], always, unless-stopped; got \"sometimes\""),
        line(
            "restart = \"on-failure:x\"",
            "svc.toml:7:1: components[0].restart: expected one of no, on-failure[:N], always, unless-stopped; got \"on-failure:x\""),
        line(
            "depends_on = [\"app\"]",
            "svc.toml:7:15: components[0].depends_on[0]: a component cannot depend on itself; remove \"app\""),
        line(
            "depends_on = [\"db\"]",
            "svc.toml:7:15: components[0].depends_on[0]: no component named \"db\" in this service; expected one of app"),
        line(
            "depends_on = \"db\"",
            "svc.toml:7:1: components[0].depends_on: expected an array of strings; got \"db\""),
        line(
            "stop_timeout = \"10\"",
            "svc.toml:7:1: components[0].stop_timeout: expected a duration such as \"500ms\", \"10s\", \"2m\", \"1h\" or \"1m30s\"; got \"10\""),
        line(
            "stop_timeout = 10",
            "svc.toml:7:1: components[0].stop_timeout: expected a duration such as \"500ms\", \"10s\", \"2m\", \"1h\" or \"1m30s\"; got integer 10"),
        line(
            "stop_timeout = \"1500ms\"",
            "svc.toml:7:1: components[0].stop_timeout: expected whole seconds, since podman's --stop-timeout counts seconds; got \"1500ms\""),
        line(
            "stop_timeout = \"1.5s\"",
            "svc.toml:7:1: components[0].stop_timeout: expected a duration such as \"500ms\", \"10s\", \"2m\", \"1h\" or \"1m30s\"; got \"1.5s\""),
        line(
            "health = { cmd = [] }",
            "svc.toml:7:12: components[0].health.cmd: expected a non-empty array of strings (the check's command); got []"),
        line(
            "health = { interval = \"10s\" }",
            "svc.toml:7:1: components[0].health.cmd: required key is missing; add cmd = [\"curl\", \"-f\", \"http://127.0.0.1:8080/healthz\"] or similar"),
        line(
            "health = { cmd = [\"true\"], retries = 0 }",
            "svc.toml:7:28: components[0].health.retries: expected an integer from 1 to 1000; got 0"),
        line(
            "health = { cmd = [\"true\"], intreval = \"10s\" }",
            "svc.toml:7:28: components[0].health.intreval: unknown key; did you mean \"interval\"?"),
        line(
            "health = { cmd = [\"true\"], timeout = \"0s\" }",
            "svc.toml:7:28: components[0].health.timeout: expected a duration of at least 1s; got \"0s\""),
        line(
            "health = \"curl\"",
            "svc.toml:7:1: components[0].health: expected a table; got \"curl\""),
        image(
            "Metacrypt:v1",
            "svc.toml:6:1: components[0].image: the repository path \"Metacrypt\" must be lower-case; expected [host[:port]/]path[:tag][@digest], e.g. \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"Metacrypt:v1\""),
        image(
            "reg.example.net/Team/app",
            "svc.toml:6:1: components[0].image: the repository path \"Team/app\" must be lower-case; expected [host[:port]/]path[:tag][@digest], e.g. \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"reg.example.net/Team/app\""),
        image(
            "app:v 1",
            "svc.toml:6:1: components[0].image: an image reference has no spaces; expected [host[:port]/]path[:tag][@digest], e.g. \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"app:v 1\""),
        image(
            "app:-x",
            "svc.toml:6:1: components[0].image: tag \"-x\" is not letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-'); expected [host[:port]/]path[:tag][@digest], e.g. \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"app:-x\""),
        image(
            "app@sha256:xyz",
            "svc.toml:6:1: components[0].image: digest \"sha256:xyz\" is not algorithm:hex, e.g. sha256:<64 hex>; expected [host[:port]/]path[:tag][@digest], e.g. \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"app@sha256:xyz\""),
        image(
            "",
            "svc.toml:6:1: components[0].image: the image reference is empty; expected [host[:port]/]path[:tag][@digest], e.g. \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"\""),
        image(
            "reg_bad.example.net:x/app",
            "svc.toml:6:1: components[0].image: registry \"reg_bad.example.net:x\" is not host[:port]; expected [host[:port]/]path[:tag][@digest], e.g. \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"reg_bad.example.net:x/app\""),
        image(
            "a//b",
            "svc.toml:6:1: components[0].image: repository path component \"\" is not lower-case letters and digits separated by '.', '_', '__' or '-'; expected [host[:port]/]path[:tag][@digest], e.g. \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"; got \"a//b\""));
  }

  private static Arguments line(String line, String expected) {
    return Arguments.of(Fixtures.MINIMAL + line + "\n", expected);
  }

  private static Arguments image(String image, String expected) {
    String text =
        Fixtures.MINIMAL.replace(
            "image = \"registry.example.net/app:1\"", "image = " + TomlValues.quote(image));
    return Arguments.of(text, expected);
  }

  @Test
  void hostNetworkIsAllowedWhenThePolicySaysSo() {
    ServiceParser allowing =
        new ServiceParser(
            new ValidationPolicy(java.nio.file.Path.of("/srv"), java.util.List.of(), true));
    ParseResult r =
        allowing.parse(
            "svc.toml",
            "name = \"svc\"\nnode = \"rift\"\n[[components]]\nname = \"a\"\nimage = \"x:1\"\n"
                + "network = \"host\"\n");
    org.assertj.core.api.Assertions.assertThat(r.isValid()).as(r.errors().toString()).isTrue();
  }

  @Test
  void aVolumeOutsideTheDataDirectoryNamesTheAgentsOwnServicesRootInTheExample() {
    ServiceParser elsewhere =
        new ServiceParser(
            new ValidationPolicy(java.nio.file.Path.of("/var/lib/mcp-srv"), java.util.List.of()));
    ParseResult r =
        elsewhere.parse(
            "svc.toml",
            "name = \"svc\"\nnode = \"rift\"\n[[components]]\nname = \"a\"\nimage = \"x:1\"\n"
                + "volumes = [\"/etc:/etc\"]\n");
    org.assertj.core.api.Assertions.assertThat(r.errors().toString())
        .contains("outside the service's data directory /var/lib/mcp-srv/svc/")
        .contains("e.g. \"/var/lib/mcp-srv/svc/data:/data:Z\"")
        .doesNotContain("/srv/svc");
  }
}
