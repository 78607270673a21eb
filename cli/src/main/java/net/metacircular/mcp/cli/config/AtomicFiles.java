package net.metacircular.mcp.cli.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Writes a file whole or not at all: a temporary file beside it, then a rename over it. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Replaces (or creates) {@code file} with {@code text}; keeps the old file's permissions, and
   * writes through a symbolic link to its target.
   */
  public static void write(Path file, String text) throws IOException {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** As {@link #write(Path, String)}, for bytes (an encrypted secret). */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file;
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      Set<PosixFilePermission> perms = permissions(target);
      if (perms != null) {
        Files.setPosixFilePermissions(tmp, perms);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Set<PosixFilePermission> permissions(Path file) throws IOException {
    if (Files.exists(file)
        && Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
      return Files.getPosixFilePermissions(file);
    }
    if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null) {
      // A new file: rw for the owner, readable by others, whatever the temp file's 0600.
      return Set.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.OTHERS_READ);
    }
    return null;
  }
}
