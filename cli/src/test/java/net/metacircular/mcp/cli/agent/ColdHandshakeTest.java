package net.metacircular.mcp.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM running {@code mcp ps} once, as an operator does, against a TLS stand-in for an agent,
 * with the export mcp.jar's manifest gives: the JDK's work that its first handshake can do without
 * stays undone, which is what a cold {@code mcp ps} costs 60-90 ms less for (docs/benchmarks.md,
 * section 3). The JDK's {@code cacerts} is never loaded (the agent's name is checked without it);
 * with a P-384 CA nothing uses P-256, whose first use builds a 60-entry table on JDK 22 and later
 * (the client offers P-384 first); with a P-256 CA the table is built, on its own thread.
 */
class ColdHandshakeTest {
  private static final String ANCHORS = "'sun/security/util/AnchorCertificates'";
  private static final String P256_TABLE =
      "'sun/security/ec/ECOperations$Secp256R1GeneratorMontgomeryMultiplier'";
  private static final String PS =
      "{\"node\":\"n1\",\"at\":\"2025-01-02T03:04:05Z\",\"containers\":[{\"id\":\"0123456789ab\","
          + "\"name\":\"web-api\",\"state\":\"running\",\"uptime_seconds\":5,\"managed\":true}]}";

  @TempDir Path dir;

  /** The lines of the class initialisation log of one {@code mcp ps} against a P-CURVE agent. */
  private List<String> coldPs(String curve) throws Exception {
    TestCerts certs = new TestCerts(curve);
    Path ca = dir.resolve(curve + "-ca.pem");
    certs.writeCa(ca);
    Path token = Files.writeString(dir.resolve("token"), "t\n");
    try (TlsTestServer agent =
        new TlsTestServer(
            certs.serverContext(Files.createTempDirectory(dir, "srv")),
            (req, out) ->
                out.write(
                    ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + PS.length()
                            + "\r\n\r\n"
                            + PS)
                        .getBytes(StandardCharsets.UTF_8)))) {
      Path config =
          Files.writeString(
              dir.resolve(curve + ".toml"),
              "services_dir = \""
                  + dir
                  + "\"\ntoken_file = \""
                  + token
                  + "\"\nca_cert = \""
                  + ca
                  + "\"\n\n[[nodes]]\nname = \"n1\"\naddress = \""
                  + agent.address()
                  + "\"\n");
      Path log = dir.resolve(curve + ".init");
      Path out = dir.resolve(curve + ".out");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--add-exports",
                  "java.base/sun.security.util=ALL-UNNAMED",
                  "-Xlog:class+init=info:file=" + log,
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "ps",
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String printed = Files.readString(out, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(printed).isZero();
      assertThat(printed).contains("web-api").contains("running");
      assertThat(agent.requests).hasSize(1);
      return Files.readAllLines(log);
    }
  }

  @Test
  void aP384AgentNeedsNeitherTheJdksCacertsNorP256() throws Exception {
    List<String> init = coldPs("secp384r1");

    assertThat(init)
        .as("the agent's name was checked")
        .anyMatch(l -> l.contains("HostnameChecker"));
    assertThat(init).noneMatch(l -> l.contains(ANCHORS)).noneMatch(l -> l.contains(P256_TABLE));
  }

  @Test
  void aP256AgentBuildsTheTableOffTheMainThread() throws Exception {
    List<String> init = coldPs("secp256r1");

    assertThat(init).noneMatch(l -> l.contains(ANCHORS));
    if (Runtime.version().feature() >= 22) {
      assertThat(init)
          .filteredOn(l -> l.contains(P256_TABLE))
          .singleElement()
          .asString()
          .contains("by thread \"mcp-tls-warmup\"");
    }
  }
}
