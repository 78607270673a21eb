package net.metacircular.mcp.agent.api;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A hand-written stand-in for an agent that answers {@code GET /v1/status} with fixed JSON, over
 * TLS with a certificate of {@link TestCerts}: for CLI behaviour that needs an agent answer the
 * agent of this version does not give yet (a rollout rolled back). Every other path is NOT_FOUND.
 */
public final class FakeStatusAgent implements AutoCloseable {
  private final HttpsServer server;

  public FakeStatusAgent(TestCerts certs, Path dir, String statusJson)
      throws IOException, GeneralSecurityException {
    Path cert = dir.resolve("fake-agent.crt");
    Path key = dir.resolve("fake-agent.key");
    certs.writeServer(cert, key);
    KeyStore ks = PemKeyStore.load(cert, key);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PemKeyStore.PASSWORD);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext(
        "/",
        ex -> {
          boolean status = ex.getRequestURI().getPath().equals("/v1/status");
          byte[] body =
              (status
                      ? statusJson
                      : "{\"code\":\"NOT_FOUND\",\"message\":\"not in this fake agent\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(status ? 200 : 404, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
  }

  /** {@code 127.0.0.1:PORT}, for mcp.toml. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
