package net.metacircular.mcp.agent.api;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA and server certificates it signs, written as PEM, and a client that trusts the CA. */
public final class TestCerts {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** How a server key is written. */
  enum KeyFormat {
    PKCS8,
    /** {@code BEGIN RSA PRIVATE KEY} or {@code BEGIN EC PRIVATE KEY}. */
    TRADITIONAL
  }

  private final String curve;
  private final KeyPair caKeys;
  private final X509Certificate ca;

  /** A P-256 CA, whose server certificates have P-256 keys. */
  public TestCerts() {
    this("secp256r1");
  }

  /** A CA on this curve (secp256r1, secp384r1), whose server certificates have keys on it too. */
  public TestCerts(String curve) {
    this.curve = curve;
    caKeys = ec(curve);
    ca = sign(new X500Name("CN=mcp test CA"), caKeys.getPublic(), true, new GeneralName[0]);
  }

  static KeyPair ec() {
    return ec("secp256r1");
  }

  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private X509Certificate sign(X500Name subject, PublicKey key, boolean isCa, GeneralName[] names) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              isCa ? subject : new X500Name("CN=mcp test CA"),
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              key);
      if (isCa) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      } else if (names.length > 0) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder(
                          curve.equals("secp384r1") ? "SHA384withECDSA" : "SHA256withECDSA")
                      .build(caKeys.getPrivate())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a fresh server certificate (followed by the CA's, as a chain) and its key.
   *
   * @return the server certificate
   */
  X509Certificate writeServer(Path cert, Path key, KeyPair keys, KeyFormat format)
      throws IOException {
    return writeServer(cert, key, keys, format, "localhost", LOCALHOST);
  }

  /** localhost and 127.0.0.1: the names of {@link #writeServer(Path, Path)}'s certificates. */
  private static final GeneralName[] LOCALHOST = {
    new GeneralName(GeneralName.dNSName, "localhost"),
    new GeneralName(GeneralName.iPAddress, "127.0.0.1")
  };

  private X509Certificate writeServer(
      Path cert, Path key, KeyPair keys, KeyFormat format, String cn, GeneralName[] names)
      throws IOException {
    X509Certificate server = sign(new X500Name("CN=" + cn), keys.getPublic(), false, names);
    Files.writeString(cert, pem(server) + pem(ca));
    Files.writeString(key, pemKey(keys.getPrivate(), format));
    return server;
  }

  /** A server certificate signed by this CA, with this subject CN and these names (maybe none). */
  public X509Certificate certificate(String cn, GeneralName... names) {
    return sign(new X500Name("CN=" + cn), ec(curve).getPublic(), false, names);
  }

  public X509Certificate writeServer(Path cert, Path key) throws IOException {
    return writeServer(cert, key, ec(curve), KeyFormat.PKCS8);
  }

  static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter p = new JcaPEMWriter(w)) {
      p.writeObject(o);
    }
    return w.toString();
  }

  static String pemKey(PrivateKey key, KeyFormat format) throws IOException {
    if (format == KeyFormat.PKCS8) {
      return pem(new JcaPKCS8Generator(key, null));
    }
    if (!key.getAlgorithm().equals("EC")) {
      return pem(key);
    }
    // SEC1 as openssl writes it, with the curve inside (the JDK's encoding keeps it outside).
    org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey inner =
        org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256,
            inner.getKey(),
            inner.getPublicKey(),
            info.getPrivateKeyAlgorithm().getParameters());
    StringWriter w = new StringWriter();
    try (org.bouncycastle.util.io.pem.PemWriter p = new org.bouncycastle.util.io.pem.PemWriter(w)) {
      p.writeObject(
          new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }
    return w.toString();
  }

  /** Writes the CA's certificate as PEM (what a client trusts, e.g. the CLI's ca_cert). */
  public void writeCa(Path file) throws IOException {
    Files.writeString(file, pem(ca));
  }

  /**
   * A TLS context for a test server (a receiver of notifications) with a fresh certificate for
   * localhost and 127.0.0.1 signed by this CA; its PEM files are written into {@code dir}.
   */
  public SSLContext serverContext(Path dir) throws IOException {
    return serverContext(dir, "localhost", LOCALHOST);
  }

  /**
   * The same with a certificate of this subject CN and these subject alternative names (none: the
   * certificate has no such extension).
   */
  public SSLContext serverContext(Path dir, String cn, GeneralName... names) throws IOException {
    Path cert = dir.resolve("server-cert.pem");
    Path key = dir.resolve("server-key.pem");
    writeServer(cert, key, ec(curve), KeyFormat.PKCS8, cn, names);
    try {
      javax.net.ssl.KeyManagerFactory kmf =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(PemKeyStore.load(cert, key), PemKeyStore.PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
