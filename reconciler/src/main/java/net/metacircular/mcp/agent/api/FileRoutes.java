package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import net.metacircular.mcp.schema.api.FileWritten;

/**
 * {@code PUT} and {@code GET /v1/services/{svc}/files/{path}}: files under {@code
 * <services_root>/<svc>/} only (see {@link ServicePath}). A write is atomic: a temporary file in
 * the same folder, synced, renamed over the target, the folder synced; an existing file keeps its
 * mode and owner, a new one is 0600.
 */
final class FileRoutes {
  /** Files larger than this are refused. */
  static final long MAX_FILE_BYTES = 16L << 20;

  private static final Set<PosixFilePermission> NEW_FILE =
      PosixFilePermissions.fromString("rw-------");

  private final ApiContext api;

  FileRoutes(ApiContext api) {
    this.api = api;
  }

  private List<String> segments(Context ctx, String service) {
    String uri = ctx.req().getRequestURI();
    String prefix = "/v1/services/" + service + "/files/";
    if (!uri.startsWith(prefix)) {
      throw ApiException.invalid("the request path must be " + prefix + "{path}");
    }
    return ServicePath.segments(uri.substring(prefix.length()));
  }

  void get(Context ctx) throws IOException {
    String service = ApiContext.name("service", ctx.pathParam("svc"));
    List<String> segments = segments(ctx, service);
    Path base = api.config().servicesRoot().resolve(service);
    if (!Files.isDirectory(base)) {
      throw ApiException.notFound("service " + service + " has no folder " + base);
    }
    Path file = ServicePath.resolve(base, segments, false);
    if (!Files.exists(file)) {
      throw ApiException.notFound("no such file " + String.join("/", segments));
    }
    InputStream in;
    try {
      in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw ApiException.notFound("no such file " + String.join("/", segments));
    }
    ctx.contentType("application/octet-stream");
    ctx.header("Content-Length", Long.toString(Files.size(file)));
    ctx.result(in);
  }

  void put(Context ctx) throws IOException {
    String service = ApiContext.name("service", ctx.pathParam("svc"));
    List<String> segments = segments(ctx, service);
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_FILE_BYTES) {
      throw ApiException.tooLarge(
          "the file has " + declared + " bytes; files of at most " + MAX_FILE_BYTES + " are taken");
    }
    Path base = api.config().servicesRoot().resolve(service);
    Files.createDirectories(base);
    Path file = ServicePath.resolve(base, segments, true);
    Path dir = file.getParent();
    boolean existed = Files.exists(file);
    PosixFileAttributes before =
        existed ? Files.readAttributes(file, PosixFileAttributes.class) : null;
    Path temp =
        Files.createTempFile(
            dir,
            "." + file.getFileName() + ".",
            ".partial",
            PosixFilePermissions.asFileAttribute(NEW_FILE));
    try {
      MessageDigest sha = sha256();
      long size = copy(PacedBody.of(ctx), temp, sha);
      Set<PosixFilePermission> mode = before == null ? NEW_FILE : before.permissions();
      Files.setPosixFilePermissions(temp, mode);
      if (before != null) {
        keepOwner(temp, before);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
      ctx.status(existed ? 200 : 201)
          .json(
              new FileWritten(
                  service,
                  String.join("/", segments),
                  size,
                  HexFormat.of().formatHex(sha.digest()),
                  PosixFilePermissions.toString(mode)));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static long copy(InputStream body, Path temp, MessageDigest sha) throws IOException {
    long size = 0;
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
        OutputStream out =
            new DigestOutputStream(java.nio.channels.Channels.newOutputStream(ch), sha);
        InputStream in = body) {
      byte[] buf = new byte[64 * 1024];
      for (int n = read(in, buf); n >= 0; n = read(in, buf)) {
        size += n;
        if (size > MAX_FILE_BYTES) {
          throw ApiException.tooLarge("the file is larger than " + MAX_FILE_BYTES + " bytes");
        }
        out.write(buf, 0, n);
      }
      out.flush();
      ch.force(true);
    }
    return size;
  }

  /** Reads the body; a client that hangs up or stalls is its own failure, not the agent's. */
  private static int read(InputStream body, byte[] buf) {
    try {
      return body.read(buf);
    } catch (IOException e) {
      throw ApiException.invalid("cannot read the request body: " + e);
    }
  }

  private static void keepOwner(Path temp, PosixFileAttributes before) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
      view.setOwner(before.owner());
      view.setGroup(before.group());
    } catch (IOException | UnsupportedOperationException e) {
      // Only root may give a file away; an agent running as its own user keeps its own files.
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
