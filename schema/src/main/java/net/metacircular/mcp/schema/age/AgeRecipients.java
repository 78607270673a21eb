package net.metacircular.mcp.schema.age;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Encrypts a value to age X25519 recipients ({@code age1…}), as {@code age -r} does. */
public final class AgeRecipients {
  private static final Pattern RECIPIENT = Pattern.compile("age1[02-9ac-hj-np-z]{58}");

  private AgeRecipients() {}

  /** Whether {@code text} looks like an X25519 recipient; {@link #encrypt} checks it fully. */
  public static boolean looksValid(String text) {
    return text != null && RECIPIENT.matcher(text).matches();
  }

  /** A binary age file of {@code value}, which each of {@code recipients} can decrypt. */
  public static byte[] encrypt(byte[] value, List<String> recipients) throws AgeException {
    if (recipients.isEmpty()) {
      throw new AgeException("no recipients to encrypt to");
    }
    List<RecipientStanzaWriter> writers = new ArrayList<>();
    for (String r : recipients) {
      try {
        writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(r));
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new AgeException(
            "not an age X25519 recipient (age1…): \"" + r + "\" (" + e.getMessage() + ")", e);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WritableByteChannel channel =
        new StandardEncryptingChannelFactory()
            .newEncryptingChannel(Channels.newChannel(out), writers)) {
      ByteBuffer buffer = ByteBuffer.wrap(value);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new AgeException("cannot encrypt: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
