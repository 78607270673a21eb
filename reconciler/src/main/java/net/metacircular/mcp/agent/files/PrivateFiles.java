package net.metacircular.mcp.agent.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Files and directories that only the agent's user may read (0600 and 0700): the registry holds
 * every service's spec, env values included, and its snapshots and the git working copy as much.
 * Java cannot set a umask, so the mode is given at creation (where the file system takes it) and
 * set again after, since the process's umask may take bits off but never adds any.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /**
   * Creates {@code dir} and its missing parents, each created one 0700; existing ones are left as
   * they are.
   *
   * @return the directories created, parents first
   */
  public static List<Path> createDirectories(Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    List<Path> created = new ArrayList<>();
    for (Path p : missing) {
      try {
        Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIRECTORY));
      } catch (FileAlreadyExistsException e) {
        continue; // made by someone else meanwhile: theirs to keep
      }
      Files.setPosixFilePermissions(p, DIRECTORY);
      created.add(p);
    }
    if (!Files.isDirectory(dir)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
    }
    return created;
  }

  /**
   * Creates {@code file} empty and 0600 unless it exists.
   *
   * @return whether it was created
   */
  public static boolean createFile(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    Files.setPosixFilePermissions(file, FILE);
    return true;
  }

  /**
   * Makes each existing file of {@code files} 0600 (symlinks are left alone), as far as this user
   * may: a file of another owner stays as it is.
   */
  public static void restrict(Path... files) {
    for (Path f : files) {
      try {
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
            && !Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
          Files.setPosixFilePermissions(f, FILE);
        }
      } catch (IOException | UnsupportedOperationException e) {
        // Not ours to change (or gone meanwhile); the start-up check names a readable data_dir.
      }
    }
  }
}
