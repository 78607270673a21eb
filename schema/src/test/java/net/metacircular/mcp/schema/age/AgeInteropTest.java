package net.metacircular.mcp.schema.age;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are interchangeable with Debian's {@code age} tool (scripts/lib/prereqs.sh installs it):
 * what {@code age -r} encrypts, an identity decrypts, and what {@link AgeRecipients} encrypts,
 * {@code age -d} decrypts. Wrong recipients and damaged files are refused without showing a value.
 */
class AgeInteropTest {
  @TempDir Path dir;

  @Test
  void decryptsWhatTheAgeToolEncrypted() throws Exception {
    AgeIdentity identity = AgeIdentity.generate();
    Path plain = dir.resolve("plain");
    Files.writeString(plain, "hunter2-from-age");

    run("age", "-r", identity.recipient(), "-o", dir.resolve("x.age").toString(), plain.toString());

    assertThat(identity.decrypt(Files.readAllBytes(dir.resolve("x.age"))))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("hunter2-from-age");
  }

  @Test
  void theAgeToolDecryptsWhatWeEncryptedToSeveralRecipients() throws Exception {
    AgeIdentity node = AgeIdentity.generate();
    AgeIdentity operator = AgeIdentity.generate();
    Files.writeString(dir.resolve("operator.txt"), operator.fileText(Instant.EPOCH));
    byte[] file =
        AgeRecipients.encrypt(
            "s3cret-value".getBytes(StandardCharsets.UTF_8),
            List.of(node.recipient(), operator.recipient()));
    Files.write(dir.resolve("y.age"), file);

    String out =
        run(
            "age",
            "-d",
            "-i",
            dir.resolve("operator.txt").toString(),
            dir.resolve("y.age").toString());

    assertThat(out).isEqualTo("s3cret-value");
    assertThat(node.decrypt(file)).asString(StandardCharsets.UTF_8).isEqualTo("s3cret-value");
  }

  @Test
  void theIdentityFileIsTheOneAgeKeygenWrites() throws Exception {
    run("age-keygen", "-o", dir.resolve("key.txt").toString());
    AgeIdentity read = AgeIdentity.parse(Files.readString(dir.resolve("key.txt")));
    String publicKey = run("age-keygen", "-y", dir.resolve("key.txt").toString()).strip();

    assertThat(read.recipient()).isEqualTo(publicKey);
    assertThat(AgeIdentity.parse(read.fileText(Instant.EPOCH)).recipient()).isEqualTo(publicKey);
  }

  @Test
  void aFileForOtherRecipientsOrDamagedIsRefusedWithoutItsValue() throws Exception {
    AgeIdentity node = AgeIdentity.generate();
    byte[] other =
        AgeRecipients.encrypt(
            "not-for-you".getBytes(StandardCharsets.UTF_8),
            List.of(AgeIdentity.generate().recipient()));
    byte[] mine =
        AgeRecipients.encrypt(
            "truncated-value".getBytes(StandardCharsets.UTF_8), List.of(node.recipient()));

    assertThatThrownBy(() -> node.decrypt(other))
        .isInstanceOf(AgeException.class)
        .hasMessageStartingWith("it cannot be decrypted with this node's identity")
        .hasMessageNotContaining("not-for-you");
    assertThatThrownBy(() -> node.decrypt(Arrays.copyOf(mine, mine.length - 5)))
        .isInstanceOf(AgeException.class)
        .hasMessageNotContaining("truncated-value");
    assertThatThrownBy(() -> node.decrypt("not age".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AgeException.class);
  }

  @Test
  void digestsAreKeyedByTheIdentity() {
    AgeIdentity a = AgeIdentity.generate();
    AgeIdentity b = AgeIdentity.generate();
    byte[] v = "pw".getBytes(StandardCharsets.UTF_8);

    assertThat(a.digest(v)).isEqualTo(a.digest(v.clone())).isNotEqualTo(b.digest(v));
    assertThat(a.toString()).doesNotContain("AGE-SECRET-KEY");
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }
}
