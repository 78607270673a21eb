import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites jars in place with their entries stored instead of deflated, native libraries excepted
 * (run by dist/assemble for the agent: {@code java dist/StoredJar.java JAR...}).
 *
 * <p>Why: the JDK keeps a zlib inflater, with its 32 KiB window, for every jar a class was ever read
 * from, for the life of the class loader, which for the agent is its whole life: about 3 MiB
 * resident for its 68 jars (docs/benchmarks.md, section 5). A stored entry is read without one.
 * Each entry keeps its name, order, time, extra field, comment and bytes, so a signed jar stays
 * valid (its signature covers the entries' contents, not how they are compressed). Native libraries
 * stay deflated: they are most of the bytes of sqlite-jdbc's jar, read once to be extracted.
 */
public final class StoredJar {
  private StoredJar() {}

  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("usage: java StoredJar.java JAR...");
      System.exit(2);
    }
    for (String arg : args) {
      try {
        rewrite(Path.of(arg));
      } catch (IOException e) {
        System.err.println("StoredJar: " + e.getMessage());
        System.exit(1);
      }
    }
  }

  static boolean keepDeflated(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib");
  }

  static void rewrite(Path jar) throws IOException {
    Path tmp = jar.resolveSibling(jar.getFileName() + ".stored.tmp");
    try (ZipFile in = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
      if (in.getComment() != null) {
        out.setComment(in.getComment());
      }
      Enumeration<? extends ZipEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        ZipEntry copy = new ZipEntry(e);
        if (keepDeflated(e.getName())) {
          copy.setMethod(ZipEntry.DEFLATED);
          copy.setCompressedSize(-1); // deflated again by the stream, its own size
        } else {
          // A stored entry's header carries its size and CRC, known from the original.
          copy.setMethod(ZipEntry.STORED);
          copy.setSize(e.getSize());
          copy.setCompressedSize(e.getSize());
          copy.setCrc(e.getCrc());
        }
        out.putNextEntry(copy);
        try (InputStream data = in.getInputStream(e)) {
          data.transferTo(out);
        }
        out.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw new IOException(jar + ": could not rewrite it with stored entries: " + e.getMessage(), e);
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
  }
}
