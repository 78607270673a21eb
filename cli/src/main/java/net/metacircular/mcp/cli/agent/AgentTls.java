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
 * @param sockets makes the connections
 * @param trustChecksNames whether the trust manager checks the agent's name itself ({@link
 *     CaTrustManager}); if not, each socket asks the JDK to ("HTTPS" endpoint identification)
 */
record AgentTls(SSLSocketFactory sockets, boolean trustChecksNames) {

  /** For a config: {@code ca_cert}'s CAs, with the JDK's name check when it is reachable. */
  static AgentTls of(CliConfig config) {
    return of(config, JdkNameCheck.find());
  }

  /** With the given name check; none leaves it to the JDK's trust manager. */
  static AgentTls of(CliConfig config, Optional<JdkNameCheck> names) {
    try {
      if (config.caCert().isEmpty()) {
        return new AgentTls(SSLContext.getDefault().getSocketFactory(), false);
      }
      List<X509Certificate> cas = readCas(config);
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
      return new AgentTls(ctx.getSocketFactory(), own);
    } catch (IOException | GeneralSecurityException e) {
      throw new CliException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Sets a new socket's parameters: the server name it asks for and who checks the answer's. */
  void configure(SSLSocket socket, String host) {
    SSLParameters p = socket.getSSLParameters();
    p.setEndpointIdentificationAlgorithm(trustChecksNames ? null : "HTTPS");
    if (!HttpsExchange.ipLiteral(host)) {
      p.setServerNames(List.of(new SNIHostName(host)));
    }
    socket.setSSLParameters(p);
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
