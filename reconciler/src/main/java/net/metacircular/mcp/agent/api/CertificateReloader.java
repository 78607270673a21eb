package net.metacircular.mcp.agent.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a renewed certificate without a restart: {@link #check} (called on a short timer) looks at
 * the cert and key files' modification times and sizes and, when they changed and both parse and
 * match, reloads Jetty's SSL context. New connections get the new certificate; open ones keep
 * theirs. A half-written pair is retried on the next check, the old certificate served meanwhile.
 */
final class CertificateReloader {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final Path cert;
  private final Path key;
  private final SslContextFactory.Server ssl;
  private List<Object> seen;
  private String lastProblem = "";

  CertificateReloader(Path cert, Path key, SslContextFactory.Server ssl) {
    this.cert = cert;
    this.key = key;
    this.ssl = ssl;
    this.seen = stamp();
  }

  /** The key store for the first start; fails with a clear message when the files are wrong. */
  static KeyStore initial(Path cert, Path key) {
    try {
      return PemKeyStore.load(cert, key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "[server] cert/key: " + e.getMessage() + "; the API cannot start without them", e);
    }
  }

  private List<Object> stamp() {
    try {
      BasicFileAttributes c = Files.readAttributes(cert, BasicFileAttributes.class);
      BasicFileAttributes k = Files.readAttributes(key, BasicFileAttributes.class);
      return List.of(c.lastModifiedTime(), c.size(), k.lastModifiedTime(), k.size());
    } catch (IOException e) {
      return List.of(e.toString());
    }
  }

  /** Reloads when the files changed; returns whether it did. */
  synchronized boolean check() {
    List<Object> now = stamp();
    if (Objects.equals(now, seen)) {
      return false;
    }
    KeyStore ks;
    try {
      ks = PemKeyStore.load(cert, key);
    } catch (IllegalArgumentException e) {
      if (!lastProblem.equals(e.getMessage())) {
        lastProblem = e.getMessage();
        LOG.warn("the renewed certificate is not usable yet, still serving the old one: {}", e);
      }
      return false;
    }
    try {
      ssl.reload(f -> f.setKeyStore(ks));
    } catch (Exception e) {
      LOG.warn("reloading the certificate failed, still serving the old one: {}", e.toString());
      return false;
    }
    seen = now;
    lastProblem = "";
    LOG.info("serving the renewed certificate from {}", cert);
    return true;
  }
}
