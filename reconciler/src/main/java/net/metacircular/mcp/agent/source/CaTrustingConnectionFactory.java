package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import net.metacircular.mcp.agent.files.CaCertificates;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/** jgit's JDK HTTP connections, trusting the certificates of one CA file instead of the JVM's. */
final class CaTrustingConnectionFactory implements HttpConnectionFactory2 {
  private final JDKHttpConnectionFactory delegate = new JDKHttpConnectionFactory();
  private final TrustManager[] trust;

  private CaTrustingConnectionFactory(TrustManager[] trust) {
    this.trust = trust;
  }

  /** Reads the PEM (or DER) certificates of {@code caFile}. */
  static CaTrustingConnectionFactory fromFile(Path caFile) {
    try {
      return new CaTrustingConnectionFactory(CaCertificates.trustManagers(caFile));
    } catch (IOException | GeneralSecurityException e) {
      throw new SourceException(
          SourceException.Kind.LOCAL, "cannot read CA file " + caFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public HttpConnection create(URL url) throws IOException {
    return trusting(url, delegate.create(url));
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) throws IOException {
    return trusting(url, delegate.create(url, proxy));
  }

  @Override
  public GitSession newSession() {
    return delegate.newSession();
  }

  private HttpConnection trusting(URL url, HttpConnection connection) throws IOException {
    if (url.getProtocol().toLowerCase(Locale.ROOT).equals("https")) {
      try {
        connection.configure(null, trust.clone(), null);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
      }
    }
    return connection;
  }
}
