package net.metacircular.mcp.schema.age;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An age X25519 identity ({@code AGE-SECRET-KEY-1…}), as {@code age-keygen} writes it: comment
 * lines, then the key. Its {@link #toString} never shows the key.
 */
public final class AgeIdentity {
  /** Decrypted values larger than this are refused: a secret is a key or a password, not data. */
  public static final int MAX_VALUE_BYTES = 1 << 20;

  private static final String PREFIX = "AGE-SECRET-KEY-1";

  private final String key;
  private final String recipient;
  private final byte[] digestKey;

  private AgeIdentity(String key) throws AgeException {
    this.key = key;
    try {
      this.recipient =
          new X25519KeyFactory()
              .translateKey(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "X25519"))
              .toString();
      // A key of its own for the digests of values, derived from the identity, so that a digest
      // says nothing to whoever lacks the identity and the identity is not used twice.
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      this.digestKey = mac.doFinal("mcp secret digest v1".getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new AgeException("not a valid age X25519 identity (" + PREFIX + "…)", e);
    }
  }

  /** Reads an identity file's text: the first line starting with {@code AGE-SECRET-KEY-1}. */
  public static AgeIdentity parse(String text) throws AgeException {
    List<String> keys = text.lines().map(String::strip).filter(l -> l.startsWith(PREFIX)).toList();
    if (keys.isEmpty()) {
      throw new AgeException(
          "no age identity in it: expected a line starting with "
              + PREFIX
              + " (make one with: mcp-agent secrets keygen)");
    }
    return new AgeIdentity(keys.get(0));
  }

  /** A new random identity. */
  public static AgeIdentity generate() {
    try {
      KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
      return new AgeIdentity(pair.getPrivate().toString());
    } catch (GeneralSecurityException | AgeException e) {
      throw new IllegalStateException("every Java 21 runtime has X25519", e);
    }
  }

  /** The file {@code age-keygen} would write: the public key as a comment, then the key. */
  public String fileText(Instant created) {
    return "# created: " + created + "\n# public key: " + recipient + "\n" + key + "\n";
  }

  /** The public half, {@code age1…}: what secrets for this identity are encrypted to. */
  public String recipient() {
    return recipient;
  }

  /**
   * Decrypts an age file.
   *
   * @throws AgeException when it is not an age file, not encrypted to this identity, corrupt or
   *     truncated
   */
  public byte[] decrypt(byte[] file) throws AgeException {
    try {
      RecipientStanzaReader reader =
          X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(key);
      ReadableByteChannel in =
          new StandardDecryptingChannelFactory()
              .newDecryptingChannel(
                  Channels.newChannel(new ByteArrayInputStream(file)), List.of(reader));
      try (InputStream plain = Channels.newInputStream(in)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = plain.read(buf)) >= 0) {
          out.write(buf, 0, n);
          if (out.size() > MAX_VALUE_BYTES) {
            throw new AgeException("its value is larger than " + MAX_VALUE_BYTES + " bytes");
          }
        }
        return out.toByteArray();
      }
    } catch (GeneralSecurityException e) {
      throw new AgeException(
          "it cannot be decrypted with this node's identity (encrypted to other recipients, or"
              + " corrupt): "
              + e.getMessage(),
          e);
    } catch (IOException | RuntimeException e) {
      throw new AgeException(
          "it is not a complete age file (corrupt or truncated): " + e.getMessage(), e);
    }
  }

  /**
   * A keyed HMAC-SHA256 of a value, in hex: equal values give equal digests on this node, and
   * without the identity a digest cannot be checked against a guessed value.
   */
  public String digest(byte[] value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "age identity of " + recipient;
  }
}
