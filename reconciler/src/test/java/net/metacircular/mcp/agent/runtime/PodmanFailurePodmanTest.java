package net.metacircular.mcp.agent.runtime;

import static net.metacircular.mcp.agent.testing.ComponentBuilder.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What real podman says for each class of failure, and how {@link PodmanFailure} reads it. The
 * registry that answers "manifest unknown" is a small HTTP server speaking the registry API's two
 * requests podman makes ({@code /v2/} and the manifest), marked insecure for podman through a
 * registries.conf of the test's own ({@code CONTAINERS_REGISTRIES_CONF}). It speaks HTTPS with a
 * test CA's certificate (which {@code insecure} lets podman accept): podman tries HTTPS first, and
 * a plain HTTP server never answers that handshake, so each pull waited out podman's 10 s TLS
 * handshake timeout before it fell back to HTTP.
 */
@RequiresPodman
class PodmanFailurePodmanTest {
  private HttpServer registry;
  private Podman podman;
  private String host;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path dir) throws IOException {
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(new TestCerts().serverContext(dir)));
    registry = https;
    registry.createContext("/v2/", PodmanFailurePodmanTest::answer);
    registry.start();
    host = "127.0.0.1:" + registry.getAddress().getPort();
    Path conf = dir.resolve("registries.conf");
    Files.writeString(conf, "[[registry]]\nlocation = \"" + host + "\"\ninsecure = true\n");
    Map<String, String> env = new HashMap<>(t.settings().environment());
    env.put("CONTAINERS_REGISTRIES_CONF", conf.toString());
    PodmanSettings s = t.settings();
    podman = new Podman(new PodmanSettings(s.executable(), env, s.timeout(), s.pullTimeout()));
  }

  @AfterEach
  void tearDown() {
    registry.stop(0);
  }

  /** {@code /v2/}: a registry here; any manifest: none such. */
  private static void answer(HttpExchange x) throws IOException {
    boolean ping = x.getRequestURI().getPath().equals("/v2/");
    byte[] body =
        (ping
                ? "{}"
                : "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}")
            .getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
    x.sendResponseHeaders(ping ? 200 : 404, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  @Test
  void aMissingLocalhostImageIsARegistryRefusingTheConnection(TestPodman t) {
    String image = "localhost/mcp-test-missing:" + t.prefix();

    PodmanException e =
        catchThrowableOfType(
            PodmanException.class,
            () ->
                podman.run(
                    new RunRequest(component("api", image).build(), t.service("svc"), "h", "c")));

    assertThat(e.failure().permanent()).isFalse();
    assertThat(e)
        .hasMessageStartingWith(
            "image "
                + image
                + " cannot be pulled: registry localhost refused the connection (podman run, exit"
                + " 125: ");
  }

  @Test
  void aManifestTheRegistryDoesNotHaveIsPermanent() {
    String image = host + "/app/web:1";

    PodmanException e = catchThrowableOfType(PodmanException.class, () -> podman.pull(image));

    assertThat(e.failure())
        .isEqualTo(
            new PodmanFailure(
                true,
                "image " + image + " does not exist: registry " + host + " says manifest unknown"));
  }

  @Test
  void anInvalidReferenceIsPermanent() {
    PodmanException e = catchThrowableOfType(PodmanException.class, () -> podman.pull("bad::ref"));

    assertThat(e.failure())
        .isEqualTo(
            new PodmanFailure(true, "the image reference is invalid: invalid reference format"));
  }

  @Test
  void aNameHeldByAForeignContainerIsPermanent(TestPodman t) {
    String service = t.service("svc");
    t.byHand("run", "-d", "--name", service + "-api", t.image());

    PodmanException e =
        catchThrowableOfType(
            PodmanException.class,
            () ->
                podman.run(new RunRequest(component("api", t.image()).build(), service, "h", "c")));

    assertThat(e.failure().permanent()).isTrue();
    assertThat(e.failure().reason()).startsWith("the name " + service + "-api is held by ");
  }
}
