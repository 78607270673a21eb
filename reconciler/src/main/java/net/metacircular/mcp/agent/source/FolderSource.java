package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain folder of {@code *.toml} service files, read as they are. Its revision is a hash of the
 * files' names and contents, so an unchanged folder is an unchanged revision.
 */
public final class FolderSource implements DesiredSource {
  /** Larger service files are refused unread: no real service needs more. */
  static final long MAX_FILE_BYTES = 1 << 20;

  private final Path dir;

  public FolderSource(Path dir) {
    this.dir = dir;
  }

  @Override
  public SourceSnapshot fetch() {
    if (!Files.isDirectory(dir)) {
      throw new SourceException(
          SourceException.Kind.LOCAL,
          "services folder " + dir + " does not exist or is not a folder");
    }
    return read(dir);
  }

  @Override
  public String describe() {
    return dir.toString();
  }

  /** Reads the service files of a folder; shared with the git source's working copy. */
  static SourceSnapshot read(Path dir) {
    TreeMap<String, String> files = new TreeMap<>();
    Map<String, String> unreadable = new HashMap<>();
    MessageDigest sha = sha256();
    SecretFiles secrets;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.toml")) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (!Files.isRegularFile(p)) {
          continue;
        }
        if (Files.size(p) > MAX_FILE_BYTES) {
          unreadable.put(name, "larger than " + MAX_FILE_BYTES + " bytes");
          continue;
        }
        byte[] bytes = Files.readAllBytes(p);
        try {
          files.put(
              name,
              StandardCharsets.UTF_8
                  .newDecoder()
                  .decode(java.nio.ByteBuffer.wrap(bytes))
                  .toString());
        } catch (CharacterCodingException e) {
          unreadable.put(name, "not valid UTF-8");
        }
      }
      secrets = SecretFiles.read(dir);
    } catch (IOException e) {
      throw new SourceException(
          SourceException.Kind.LOCAL,
          "cannot read services folder " + dir + ": " + e.getMessage(),
          e);
    }
    files.forEach(
        (name, text) -> {
          sha.update(name.getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
          sha.update(text.getBytes(StandardCharsets.UTF_8));
          sha.update((byte) 0);
        });
    secrets.hashInto(sha);
    // Hex like a commit id, so that it can be stored and shown as one.
    String revision = HexFormat.of().formatHex(sha.digest()).substring(0, 40);
    return new SourceSnapshot(revision, files, unreadable).withSecrets(secrets);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
