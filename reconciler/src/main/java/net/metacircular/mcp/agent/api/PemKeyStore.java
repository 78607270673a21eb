package net.metacircular.mcp.agent.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The server's key store, from a PEM certificate chain and a PEM private key: PKCS#8 ({@code BEGIN
 * PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE
 * KEY}); encrypted keys are refused with a message saying so.
 */
final class PemKeyStore {
  /** The in-memory key store's password: it never leaves this process. */
  static final char[] PASSWORD = "mcp-agent".toCharArray();

  static final String ALIAS = "mcp-agent";

  private PemKeyStore() {}

  static KeyStore load(Path certFile, Path keyFile) {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    if (!chain.get(0).getPublicKey().equals(publicKeyOf(key, chain.get(0)))) {
      throw new IllegalArgumentException(
          keyFile + " is not the private key of the first certificate in " + certFile);
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(ALIAS, key, PASSWORD, chain.toArray(new Certificate[0]));
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot build a key store: " + e.getMessage(), e);
    }
  }

  /** The public key matching {@code key}, found by signing and verifying a probe. */
  private static java.security.PublicKey publicKeyOf(PrivateKey key, X509Certificate cert) {
    try {
      String alg =
          switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
          };
      if (alg == null) {
        return cert.getPublicKey();
      }
      byte[] probe = "mcp-agent key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      java.security.Signature s = java.security.Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      java.security.Signature v = java.security.Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      return v.verify(sig) ? cert.getPublicKey() : null;
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  static List<X509Certificate> certificates(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      List<X509Certificate> chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(file + " holds no PEM certificate");
      }
      return chain;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the certificate " + file + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          file + " is not a PEM certificate (chain): " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the private key " + file + ": " + e, e);
    }
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          // SEC1 EC keys may leave out the public key; the private part is all TLS needs.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (o instanceof org.bouncycastle.openssl.PEMEncryptedKeyPair
            || o instanceof org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo) {
          throw new IllegalArgumentException(
              file + " holds an encrypted private key; the agent needs it unencrypted (mode 0600)");
        }
      }
      throw new IllegalArgumentException(
          file + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not a PEM private key: " + e.getMessage(), e);
    }
  }
}
