package net.metacircular.mcp.cli.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The JDK's own check of a server's name against its certificate ({@code
 * sun.security.util.HostnameChecker}, RFC 2818 and RFC 6125: iPAddress names for an address,
 * dNSName names with the left-most wildcard, else the subject's CN), reached through the export
 * that mcp.jar's manifest asks for ({@code Add-Exports: java.base/sun.security.util}).
 *
 * <p>Why not the JDK's trust manager's check: before matching, it asks whether the chain ends at
 * one of the JDK's public CAs (then a wildcard may not cover a public suffix such as {@code
 * *.co.uk}), and answering that loads and fingerprints the JDK's whole {@code cacerts}: 25 ms of a
 * cold {@code mcp ps}'s CPU (docs/benchmarks.md, section 3). The answer changes nothing unless a
 * name in the certificate has a wildcard, so it is asked here only then, in the JDK's own words
 * ({@code AnchorCertificates.contains}). Without the export (a class path run, a JDK that renamed
 * the class) {@link #find()} is empty and the CLI leaves the check to the JDK's trust manager.
 */
final class JdkNameCheck {
  private static final String PACKAGE = "sun.security.util";
  private static final Optional<JdkNameCheck> JDK = load();

  private final Object tlsChecker;
  private final Method match;
  private final Method publicAnchor;

  private JdkNameCheck(Object tlsChecker, Method match, Method publicAnchor) {
    this.tlsChecker = tlsChecker;
    this.match = match;
    this.publicAnchor = publicAnchor;
  }

  /** The JDK's checker, if this JVM lets the CLI call it. */
  static Optional<JdkNameCheck> find() {
    return JDK;
  }

  private static Optional<JdkNameCheck> load() {
    try {
      // Not initialised here: AnchorCertificates' initialisation is the cacerts load this avoids.
      Class<?> checker = Class.forName(PACKAGE + ".HostnameChecker", false, null);
      if (!checker.getModule().isExported(PACKAGE, JdkNameCheck.class.getModule())) {
        return Optional.empty();
      }
      Object tls =
          checker
              .getMethod("getInstance", byte.class)
              .invoke(null, checker.getField("TYPE_TLS").getByte(null));
      Method match = checker.getMethod("match", String.class, X509Certificate.class, boolean.class);
      Method publicAnchor =
          Class.forName(PACKAGE + ".AnchorCertificates", false, null)
              .getMethod("contains", X509Certificate.class);
      return Optional.of(new JdkNameCheck(tls, match, publicAnchor));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /**
   * Throws the JDK's exception (its words: "No subject alternative names matching IP address …
   * found", …) unless {@code host} (an address, possibly in brackets, or a DNS name, possibly with
   * a final dot) is a name of {@code leaf}.
   *
   * @param anchors the certificates the chain may end at (the operator's {@code ca_cert})
   */
  void check(String host, X509Certificate leaf, Collection<X509Certificate> anchors)
      throws CertificateException {
    if (host == null) {
      throw new CertificateException("no host name to check the agent's certificate against");
    }
    // As the JDK's trust manager does before it matches.
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    boolean publicCa = hasWildcard(leaf) && anyPublic(anchors);
    try {
      match.invoke(tlsChecker, name, leaf, publicCa);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof CertificateException c) {
        throw c;
      }
      throw new CertificateException("the JDK's host name check failed: " + e.getCause(), e);
    } catch (IllegalAccessException e) {
      throw new CertificateException("the JDK's host name check is not reachable: " + e, e);
    }
  }

  private boolean anyPublic(Collection<X509Certificate> anchors) throws CertificateException {
    for (X509Certificate a : anchors) {
      try {
        if ((Boolean) publicAnchor.invoke(null, a)) {
          return true;
        }
      } catch (ReflectiveOperationException e) {
        throw new CertificateException("the JDK's list of public CAs is not reachable: " + e, e);
      }
    }
    return false;
  }

  /**
   * Whether a name the JDK's matcher may read has a {@code *}: a dNSName, or the subject (whose CN
   * it reads when there is no dNSName). Without one, whether the CA is public changes nothing.
   */
  static boolean hasWildcard(X509Certificate leaf) throws CertificateException {
    Collection<List<?>> names = leaf.getSubjectAlternativeNames();
    if (names != null) {
      for (List<?> n : names) {
        if (n.get(1) instanceof String s && s.indexOf('*') >= 0) {
          return true;
        }
      }
    }
    return leaf.getSubjectX500Principal().getName(X500Principal.RFC2253).indexOf('*') >= 0;
  }
}
