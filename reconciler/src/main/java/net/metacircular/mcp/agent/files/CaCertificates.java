package net.metacircular.mcp.agent.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A {@code ca_file} of the agent's config: the PEM (or DER) certificates trusted for an https peer
 * instead of the JVM's trust store ({@code [source] ca_file}, {@code [[notify]] ca_file}).
 */
public final class CaCertificates {
  private CaCertificates() {}

  /**
   * Trust managers that trust exactly the certificates of {@code caFile}.
   *
   * @throws IOException when the file cannot be read
   * @throws GeneralSecurityException when it holds no certificate or a malformed one
   */
  public static TrustManager[] trustManagers(Path caFile)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(caFile)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException(caFile + " holds no certificate");
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate c : certs) {
      store.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf.getTrustManagers();
  }

  /** A TLS context for clients that trusts exactly the certificates of {@code caFile}. */
  public static SSLContext clientContext(Path caFile) throws IOException, GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trustManagers(caFile), null);
    return ctx;
  }
}
