package net.metacircular.mcp.cli.agent;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust in the agents signed by the operator's {@code ca_cert}: the JDK's PKIX trust manager
 * validates the chain (with the handshake's algorithm constraints, as always), then {@link
 * JdkNameCheck} checks the agent's name, instead of the JDK's trust manager doing both. The sockets
 * of this trust are made with no endpoint identification algorithm ({@link AgentTls}), else the JDK
 * would check the name too, at the cost this class avoids.
 *
 * <p>Only the socket form of the server check is used by the CLI; the forms without a socket have
 * no host to check and refuse.
 */
final class CaTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager pkix;
  private final JdkNameCheck names;
  private final List<X509Certificate> anchors;

  CaTrustManager(X509ExtendedTrustManager pkix, JdkNameCheck names, List<X509Certificate> anchors) {
    this.pkix = pkix;
    this.names = names;
    this.anchors = List.copyOf(anchors);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    if (!(socket instanceof SSLSocket tls)) {
      throw noHost();
    }
    pkix.checkServerTrusted(chain, authType, socket);
    SSLSession session = tls.getHandshakeSession();
    names.check(session == null ? null : session.getPeerHost(), chain[0], anchors);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw noHost();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw noHost();
  }

  private static CertificateException noHost() {
    return new CertificateException(
        "the agent's certificate can only be checked on a connection to a named host");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    pkix.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return pkix.getAcceptedIssuers();
  }
}
