package net.metacircular.mcp.cli.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.config.CliConfig;

/**
 * TLS to the agents: one SSLContext trusting {@code ca_cert} (else the JVM's trust), whose session
 * cache lets a command's later connections resume, and how each socket checks the agent's name.
 *
 * <p>The curves of the key exchange: JDK 22 and later build a table of 60 multiples of P-256's
 * generator, interpreted, the first time a JVM uses P-256 (about 60 ms of a cold {@code mcp ps};
 * docs/benchmarks.md, section 3), and the JDK's client makes a P-256 key share in every handshake
 * by default, though the agent answers with x25519. When no CA of {@code ca_cert} has a P-256 key
 * (a P-384 or RSA CA, as the runbook suggests), the sockets offer P-384 before P-256, so that
 * nothing uses P-256 at all; when one has (its signatures need the table anyway), the table is
 * built on a second thread while the main one sets up TLS ({@link KeyShareWarmup}).
 *
 * @param sockets makes the connections
 * @param trustChecksNames whether the trust manager checks the agent's name itself ({@link
 *     CaTrustManager}); if not, each socket asks the JDK to ("HTTPS" endpoint identification)
 * @param p384First whether the sockets offer P-384 before P-256 (the key share the JDK makes for
 *     its first NIST curve)
 */
record AgentTls(SSLSocketFactory sockets, boolean trustChecksNames, boolean p384First) {

  /** For a config: {@code ca_cert}'s CAs, with the JDK's name check when it is reachable. */
  static AgentTls of(CliConfig config) {
    return of(config, JdkNameCheck.find());
  }

  /** With the given name check; none leaves it to the JDK's trust manager. */
  static AgentTls of(CliConfig config, Optional<JdkNameCheck> names) {
    try {
      if (config.caCert().isEmpty()) {
        return new AgentTls(SSLContext.getDefault().getSocketFactory(), false, false);
      }
      List<X509Certificate> cas = readCas(config);
      boolean p256 = cas.stream().anyMatch(AgentTls::p256);
      if (p256) {
        KeyShareWarmup.start();
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : cas) {
        trust.setCertificateEntry("ca" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      TrustManager[] managers = tmf.getTrustManagers();
      boolean own = false;
      if (names.isPresent()
          && managers.length == 1
          && managers[0] instanceof X509ExtendedTrustManager pkix) {
        managers = new TrustManager[] {new CaTrustManager(pkix, names.get(), cas)};
        own = true;
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, managers, null);
      return new AgentTls(ctx.getSocketFactory(), own, !p256);
    } catch (IOException | GeneralSecurityException e) {
      throw new CliException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Sets a new socket's parameters: the server name it asks for and who checks the answer's. */
  void configure(SSLSocket socket, String host) {
    SSLParameters p = socket.getSSLParameters();
    p.setEndpointIdentificationAlgorithm(trustChecksNames ? null : "HTTPS");
    String[] groups = p.getNamedGroups();
    if (p384First && groups != null) {
      p.setNamedGroups(p384BeforeP256(groups));
    }
    if (!ipLiteral(host)) {
      p.setServerNames(List.of(new SNIHostName(host)));
    }
    socket.setSSLParameters(p);
  }

  /** An IPv4 or IPv6 address, which TLS's server name indication must not carry. */
  private static boolean ipLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  /** The named groups in their order, but secp384r1 moved just before secp256r1 if it was after. */
  static String[] p384BeforeP256(String[] groups) {
    List<String> g = new ArrayList<>(List.of(groups));
    int p256 = g.indexOf("secp256r1");
    int p384 = g.indexOf("secp384r1");
    if (p256 >= 0 && p384 > p256) {
      g.remove(p384);
      g.add(p256, "secp384r1");
    }
    return g.toArray(String[]::new);
  }

  /** Whether the certificate's key is on P-256, the only 256-bit prime curve TLS uses. */
  static boolean p256(X509Certificate c) {
    return c.getPublicKey() instanceof ECPublicKey k
        && k.getParams().getCurve().getField().getFieldSize() == 256;
  }

  private static List<X509Certificate> readCas(CliConfig config) {
    Path pem = config.caCert().orElseThrow();
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (NoSuchFileException e) {
      throw new CliException(
          "no CA certificate file "
              + pem
              + " (ca_cert in "
              + config.file()
              + "); copy the CA that signed the agents' certificates there, or remove ca_cert to"
              + " trust the system's CAs");
    } catch (IOException | GeneralSecurityException e) {
      throw new CliException(
          "cannot read the CA certificate "
              + pem
              + " (ca_cert in "
              + config.file()
              + "): "
              + e.getMessage()
              + "; it must hold PEM certificates (-----BEGIN CERTIFICATE-----)");
    }
    if (certs.isEmpty()) {
      throw new CliException(
          "the CA certificate file " + pem + " holds no certificate; it must be PEM");
    }
    List<X509Certificate> cas = new ArrayList<>();
    for (Certificate c : certs) {
      cas.add((X509Certificate) c);
    }
    return cas;
  }
}
