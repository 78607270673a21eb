package net.metacircular.mcp.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.schema.api.HealthResponse;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's name, checked by the JDK's matcher after the PKIX check ({@link CaTrustManager}, what
 * {@code mcp} does with {@code ca_cert}), answers as the JDK's trust manager does: the same names
 * trusted and refused, in the same words, over real TLS handshakes with certificates of every kind
 * of name. The tests run with the export mcp.jar's manifest asks for (the surefire configuration),
 * as the launchers run the CLI.
 */
class AgentNameCheckTest {
  @TempDir Path dir;
  private final TestCerts certs = new TestCerts();
  private Path ca;

  @BeforeEach
  void files() throws Exception {
    ca = dir.resolve("ca.pem");
    certs.writeCa(ca);
  }

  private CliConfig config() {
    return new CliConfig(
        dir.resolve("mcp.toml"),
        dir,
        dir.resolve("token"),
        Optional.of(ca),
        Optional.empty(),
        List.of(new Node("n", "127.0.0.1:1")));
  }

  private TlsTestServer server(String cn, GeneralName... names) throws Exception {
    return new TlsTestServer(
        certs.serverContext(Files.createTempDirectory(dir, "srv"), cn, names),
        (req, out) ->
            out.write(
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
  }

  private static GeneralName dns(String name) {
    return new GeneralName(GeneralName.dNSName, name);
  }

  private static GeneralName ip(String address) {
    return new GeneralName(GeneralName.iPAddress, address);
  }

  /** "trusted", or the handshake's failure, as the CLI would report it. */
  private static String handshake(AgentTls tls, TlsTestServer s, String host) throws Exception {
    int port = Integer.parseInt(s.address().substring(s.address().lastIndexOf(':') + 1));
    try (Socket raw = new Socket("127.0.0.1", port);
        SSLSocket socket = (SSLSocket) tls.sockets().createSocket(raw, host, port, true)) {
      tls.configure(socket, host);
      socket.startHandshake();
      return "trusted";
    } catch (SSLException e) {
      return e.getMessage();
    }
  }

  /** Each host's answer from the CLI's check and from the JDK's own, side by side. */
  private Map<String, List<String>> both(TlsTestServer s, String... hosts) throws Exception {
    AgentTls ours = AgentTls.of(config());
    AgentTls jdks = AgentTls.of(config(), Optional.empty());
    assertThat(ours.trustChecksNames()).as("the JDK's matcher is reachable").isTrue();
    assertThat(jdks.trustChecksNames()).isFalse();
    Map<String, List<String>> answers = new LinkedHashMap<>();
    for (String host : hosts) {
      List<String> pair = new ArrayList<>();
      pair.add(handshake(ours, s, host));
      pair.add(handshake(jdks, s, host));
      answers.put(host, pair);
    }
    return answers;
  }

  private static void sameAnswers(Map<String, List<String>> answers, Map<String, String> expected) {
    answers.forEach((host, pair) -> assertThat(pair.get(0)).as(host).isEqualTo(pair.get(1)));
    expected.forEach(
        (host, answer) -> assertThat(answers.get(host).get(0)).as(host).contains(answer));
  }

  @Test
  void addressesAndNamesAreTrustedAndRefusedAsTheJdkDoes() throws Exception {
    try (TlsTestServer s = server("localhost", dns("localhost"), ip("127.0.0.1"), ip("::1"))) {
      sameAnswers(
          both(s, "127.0.0.1", "localhost", "LocalHost", "::1", "127.0.0.2", "agent.example"),
          Map.of(
              "127.0.0.1", "trusted",
              "localhost", "trusted",
              "LocalHost", "trusted",
              "::1", "trusted",
              "127.0.0.2", "No subject alternative names matching IP address 127.0.0.2 found",
              "agent.example", "No subject alternative DNS name matching agent.example found"));
    }
  }

  @Test
  void aWildcardCoversOneLabelOnly() throws Exception {
    try (TlsTestServer s = server("agents", dns("*.agents.example"))) {
      sameAnswers(
          both(s, "a.agents.example", "b.a.agents.example", "agents.example", "127.0.0.1"),
          Map.of(
              "a.agents.example", "trusted",
              "b.a.agents.example", "No subject alternative DNS name matching b.a.agents",
              "agents.example", "No subject alternative DNS name matching agents.example found",
              "127.0.0.1", "No subject alternative names matching IP address 127.0.0.1 found"));
    }
  }

  @Test
  void aPrivateCasWildcardMayCoverAPublicSuffixAsTheJdkAllows() throws Exception {
    try (TlsTestServer s = server("uk", dns("*.co.uk"))) {
      sameAnswers(both(s, "agent.co.uk"), Map.of("agent.co.uk", "trusted"));
    }
  }

  @Test
  void withoutAlternativeNamesTheCommonNameIsRead() throws Exception {
    try (TlsTestServer s = server("agent.example")) {
      sameAnswers(
          both(s, "agent.example", "other.example", "127.0.0.1"),
          Map.of(
              "agent.example", "trusted",
              "other.example", "No name matching other.example found",
              "127.0.0.1", "No subject alternative names present"));
    }
  }

  /**
   * Whether the chain ends at one of the JDK's public CAs is asked (its {@code cacerts} loaded)
   * only for a certificate with a wildcard in a name the matcher reads: without one the answer
   * changes nothing. (The answer itself is the JDK's: {@code AnchorCertificates.contains}, which
   * counts only {@code cacerts} entries the JDK's build labels "[jdk]"; Debian's, which this
   * machine's JDKs read, label none, so a public CA cannot be tried here.)
   */
  @Test
  void onlyAWildcardNameAsksWhetherTheCaIsPublic() throws Exception {
    assertThat(JdkNameCheck.hasWildcard(certs.certificate("uk", dns("*.co.uk")))).isTrue();
    assertThat(JdkNameCheck.hasWildcard(certs.certificate("*.agents.example"))).isTrue();
    assertThat(
            JdkNameCheck.hasWildcard(
                certs.certificate("agent", dns("agent.example"), ip("127.0.0.1"))))
        .isFalse();
    assertThat(JdkNameCheck.hasWildcard(certs.certificate("agent.example"))).isFalse();
  }

  @Test
  void aHostWithAFinalDotOrBracketsIsMatchedWithout() throws Exception {
    JdkNameCheck check = JdkNameCheck.find().orElseThrow();
    X509Certificate cert = certs.certificate("agent", dns("agent.example"), ip("::1"));

    assertThatCode(() -> check.check("agent.example.", cert, List.of())).doesNotThrowAnyException();
    assertThatCode(() -> check.check("[::1]", cert, List.of())).doesNotThrowAnyException();
    assertThatThrownBy(() -> check.check("[::2]", cert, List.of()))
        .hasMessage("No subject alternative names matching IP address ::2 found");
  }

  @Test
  void theCliSaysWhichNameTheCertificateLacks() throws Exception {
    Files.writeString(dir.resolve("token"), "t\n");
    try (TlsTestServer s = server("agent.example", dns("agent.example"))) {
      CliConfig config =
          new CliConfig(
              dir.resolve("mcp.toml"),
              dir,
              dir.resolve("token"),
              Optional.of(ca),
              Optional.empty(),
              List.of(new Node("n", s.address())));
      AgentClient c = new Agents(config, Duration.ofSeconds(5)).client("n");

      assertThatThrownBy(() -> c.get("/healthz", HealthResponse.class))
          .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.code()).isEqualTo("TLS"))
          .hasMessageStartingWith("TLS with node n at " + s.address() + " failed (")
          .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1 found");
    }
  }
}
