package net.metacircular.mcp.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS: PEM keys of each kind, TLS 1.2+, and a renewed certificate served without a restart. */
class ApiTlsTest {
  @TempDir Path root;

  @Test
  void pemKeysOfEachKindLoad() throws Exception {
    TestCerts certs = new TestCerts();
    for (TestCerts.KeyFormat format : TestCerts.KeyFormat.values()) {
      for (var keys : new java.security.KeyPair[] {TestCerts.ec(), TestCerts.rsa()}) {
        Path cert = root.resolve("c-" + format + keys.getPublic().getAlgorithm() + ".pem");
        Path key = root.resolve("k-" + format + keys.getPublic().getAlgorithm() + ".pem");
        X509Certificate server = certs.writeServer(cert, key, keys, format);
        String text = Files.readString(key);
        assertThat(text)
            .contains(
                format == TestCerts.KeyFormat.PKCS8
                    ? "BEGIN PRIVATE KEY"
                    : "BEGIN " + keys.getPublic().getAlgorithm() + " PRIVATE KEY");
        KeyStore ks = PemKeyStore.load(cert, key);
        assertThat(ks.getCertificateChain(PemKeyStore.ALIAS)).hasSize(2);
        assertThat(ks.getCertificate(PemKeyStore.ALIAS)).isEqualTo(server);
      }
    }
  }

  @Test
  void mismatchedOrMissingFilesAreRefusedClearly() throws Exception {
    TestCerts certs = new TestCerts();
    Path cert = root.resolve("cert.pem");
    Path key = root.resolve("key.pem");
    certs.writeServer(cert, key);
    Path other = root.resolve("other.pem");
    certs.writeServer(root.resolve("c2.pem"), other);
    assertThatThrownBy(() -> PemKeyStore.load(cert, other))
        .hasMessageContaining("is not the private key of the first certificate");
    assertThatThrownBy(() -> PemKeyStore.load(cert, root.resolve("none.pem")))
        .hasMessageContaining("cannot read the private key");
    Files.writeString(other, "garbage");
    assertThatThrownBy(() -> PemKeyStore.load(cert, other))
        .hasMessageContaining("no PEM private key");
  }

  @Test
  void servesTls12And13OnlyAndARenewedCertificateWithoutRestart() throws Exception {
    try (ApiTestAgent a = new ApiTestAgent(root, ApiTestAgent.Setup.inMemory("tlsnode"))) {
      HttpResponse<String> first = a.get("/healthz", null);
      X509Certificate before =
          (X509Certificate) first.sslSession().orElseThrow().getPeerCertificates()[0];

      for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
        SSLParameters p = new SSLParameters();
        p.setProtocols(new String[] {protocol});
        HttpClient c =
            HttpClient.newBuilder().sslContext(a.certs.clientContext()).sslParameters(p).build();
        HttpResponse<String> r = ApiTestAgent.send(c, HttpRequest.newBuilder(a.uri("/healthz")));
        assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo(protocol);
      }

      // Renew: a new key and certificate written over the old files (as an operator would).
      X509Certificate renewed =
          a.certs.writeServer(a.cert, a.key, TestCerts.rsa(), TestCerts.KeyFormat.TRADITIONAL);
      assertThat(renewed.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> served(a), renewed::equals);

      // A half-written renewal is not served; the last good certificate stays, through several
      // of the reloader's checks.
      Files.writeString(a.key, "-----BEGIN PRIVATE KEY-----\ntrunc");
      await()
          .during(Duration.ofMillis(400))
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> served(a), renewed::equals);
    }
  }

  /** The certificate the agent serves now, from a new connection's handshake. */
  private static X509Certificate served(ApiTestAgent a) throws Exception {
    HttpResponse<String> r =
        ApiTestAgent.send(a.client(), HttpRequest.newBuilder(a.uri("/healthz")));
    assertThat(r.statusCode()).isEqualTo(200);
    return (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
  }
}
