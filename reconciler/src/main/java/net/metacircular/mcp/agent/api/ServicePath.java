package net.metacircular.mcp.agent.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A path under {@code <services_root>/<service>/}, checked so that nothing outside it can be named:
 * read from the raw request URI, percent-decoded here once and strictly, each segment refused when
 * empty, {@code .}, {@code ..}, holding a slash, NUL or another control character; then resolved
 * segment by segment, following symlinks only where their real path stays inside the service's
 * folder.
 */
final class ServicePath {
  static final int MAX_SEGMENTS = 32;
  static final int MAX_LENGTH = 1024;

  private ServicePath() {}

  /** The decoded, checked segments of a raw (still percent-encoded) relative path. */
  static List<String> segments(String raw) {
    if (raw.isEmpty()) {
      throw ApiException.invalid("no file path: use /v1/services/{svc}/files/{path}");
    }
    if (raw.length() > MAX_LENGTH) {
      throw ApiException.invalid("the file path is longer than " + MAX_LENGTH + " characters");
    }
    if (raw.startsWith("/")) {
      throw ApiException.invalid("the file path must be relative to the service's folder");
    }
    String[] parts = raw.split("/", -1);
    if (parts.length > MAX_SEGMENTS) {
      throw ApiException.invalid("the file path has more than " + MAX_SEGMENTS + " parts");
    }
    List<String> out = new ArrayList<>();
    for (String part : parts) {
      String s = decode(part);
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        throw ApiException.invalid(
            "the file path may not contain empty, '.' or '..' parts; it must stay inside the"
                + " service's folder");
      }
      if (s.indexOf('/') >= 0) {
        throw ApiException.invalid("a part of the file path holds an encoded slash (%2f)");
      }
      if (s.indexOf('\\') >= 0) {
        throw ApiException.invalid(
            "a part of the file path holds a backslash, which file names here may not hold");
      }
      if (s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
        throw ApiException.invalid("the file path holds NUL or another control character");
      }
      out.add(s);
    }
    return out;
  }

  private static String decode(String part) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%') {
        if (i + 2 >= part.length()) {
          throw ApiException.invalid("the file path has a malformed %-escape");
        }
        int hi = Character.digit(part.charAt(i + 1), 16);
        int lo = Character.digit(part.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw ApiException.invalid("the file path has a malformed %-escape");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.invalid("the file path is not valid UTF-8");
    }
  }

  /**
   * The real path of the file named by {@code segments} under {@code base} (which must exist).
   * Folders on the way are created when {@code create}; otherwise a missing one is NOT_FOUND. The
   * file itself may not exist yet. Any existing part whose real path leaves {@code base} is
   * refused.
   */
  static Path resolve(Path base, List<String> segments, boolean create) throws IOException {
    Path root = base.toRealPath();
    Path cur = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      Path next = cur.resolve(segments.get(i));
      if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
        next = inside(root, next, String.join("/", segments.subList(0, i + 1)));
        if (!Files.isDirectory(next)) {
          throw ApiException.invalid(
              String.join("/", segments.subList(0, i + 1)) + " is a file, not a folder");
        }
      } else if (create) {
        Files.createDirectory(next);
      } else {
        throw ApiException.notFound("no such file " + String.join("/", segments));
      }
      cur = next;
    }
    Path file = cur.resolve(segments.get(segments.size() - 1));
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      file = inside(root, file, String.join("/", segments));
      if (Files.isDirectory(file)) {
        throw ApiException.invalid(String.join("/", segments) + " is a folder, not a file");
      }
    }
    return file;
  }

  private static Path inside(Path root, Path p, String shown) throws IOException {
    Path real;
    try {
      real = p.toRealPath();
    } catch (NoSuchFileException e) {
      throw ApiException.invalid(shown + " is a dangling symlink; refusing to follow it");
    }
    if (!real.startsWith(root)) {
      throw ApiException.invalid(
          "the file path leads out of the service's folder (through a symlink); refused");
    }
    return real;
  }
}
