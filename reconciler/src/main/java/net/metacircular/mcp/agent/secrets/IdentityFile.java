package net.metacircular.mcp.agent.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import net.metacircular.mcp.agent.config.ConfigException;
import net.metacircular.mcp.agent.files.PrivateFiles;
import net.metacircular.mcp.schema.age.AgeException;
import net.metacircular.mcp.schema.age.AgeIdentity;

/**
 * The node's age identity file ({@code [secrets] identity}). Unlike the other secret files, which
 * are only warned about, a readable identity refuses the start: whoever reads it can read every
 * secret of every service in the repository.
 */
public final class IdentityFile {
  private IdentityFile() {}

  /** Reads the identity, or refuses with a message naming the key, the file and the fix. */
  public static AgeIdentity load(Path file) {
    String where = "[secrets] identity " + file;
    Set<PosixFilePermission> mode;
    String text;
    try {
      mode = Files.getPosixFilePermissions(file);
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw refused(
          where + ": no such file; make one with: mcp-agent secrets keygen --out " + file);
    } catch (IOException | RuntimeException e) {
      throw refused(where + ": cannot be read: " + e.getMessage());
    }
    if (mode.contains(PosixFilePermission.GROUP_READ)
        || mode.contains(PosixFilePermission.OTHERS_READ)
        || mode.contains(PosixFilePermission.GROUP_WRITE)
        || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw refused(
          where
              + " is open to other users ("
              + PosixFilePermissions.toString(mode)
              + "), and whoever reads it can decrypt every secret of this node; the agent does"
              + " not start: make it readable only by the agent's user: chmod 600 "
              + file);
    }
    try {
      return AgeIdentity.parse(text);
    } catch (AgeException e) {
      throw refused(where + ": " + e.getMessage());
    }
  }

  /**
   * Writes a new identity to {@code file}, 0600, never over an existing file.
   *
   * @throws FileAlreadyExistsException when there is one: a node's identity is replaced by hand,
   *     knowing that every secret must then be encrypted again
   */
  public static AgeIdentity create(Path file, Instant now) throws IOException {
    AgeIdentity identity = AgeIdentity.generate();
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      PrivateFiles.createDirectories(parent);
    }
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
    Files.setPosixFilePermissions(file, PrivateFiles.FILE);
    Files.writeString(file, identity.fileText(now), StandardCharsets.US_ASCII);
    return identity;
  }

  private static ConfigException refused(String message) {
    return new ConfigException(List.of(message));
  }
}
