package net.metacircular.mcp.schema;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** The secret files of the services repository: {@code secrets/<service>/<name>.age}. */
public final class SecretFolder {
  /** The suffix of an encrypted secret's file. */
  public static final String SUFFIX = ".age";

  private SecretFolder() {}

  /**
   * The secret names a service has under {@code servicesFolder}: those of its regular {@code *.age}
   * files with a valid name; none when the folder is missing.
   */
  public static Set<String> names(Path servicesFolder, String service) throws IOException {
    Set<String> out = new TreeSet<>();
    Path dir = servicesFolder.resolve("secrets").resolve(service);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : files) {
        String file = p.getFileName().toString();
        String name = file.substring(0, file.length() - SUFFIX.length());
        if (Files.isRegularFile(p) && SecretRefs.isValidName(name)) {
          out.add(name);
        }
      }
    }
    return out;
  }
}
