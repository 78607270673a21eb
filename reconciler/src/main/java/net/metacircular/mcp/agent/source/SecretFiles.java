package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.metacircular.mcp.schema.Names;
import net.metacircular.mcp.schema.SecretFolder;
import net.metacircular.mcp.schema.SecretRefs;

/**
 * The encrypted secrets of a snapshot, {@code secrets/<service>/<name>.age} under the services
 * folder, as their bytes: still encrypted, so they may sit in memory and in the working copy.
 */
public final class SecretFiles {
  public static final SecretFiles NONE = new SecretFiles(Map.of());

  /** Larger files are not read: a secret is a key or a password. */
  static final long MAX_BYTES = 1 << 20;

  private final Map<String, Map<String, byte[]>> byService;

  private SecretFiles(Map<String, Map<String, byte[]>> byService) {
    Map<String, Map<String, byte[]>> copy = new TreeMap<>();
    byService.forEach((s, m) -> copy.put(s, Collections.unmodifiableMap(new TreeMap<>(m))));
    this.byService = Collections.unmodifiableMap(copy);
  }

  /** For tests and sources that hold the files already: service to secret name to bytes. */
  public static SecretFiles of(Map<String, Map<String, byte[]>> byService) {
    return new SecretFiles(byService);
  }

  /** The secret names of a service: what its file's {@code secrets} may name. */
  public Set<String> names(String service) {
    return byService.getOrDefault(service, Map.of()).keySet();
  }

  /** The encrypted bytes of one secret. */
  public Optional<byte[]> bytes(String service, String name) {
    return Optional.ofNullable(byService.getOrDefault(service, Map.of()).get(name))
        .map(byte[]::clone);
  }

  /** Adds every file, in order, to a revision's hash. */
  void hashInto(MessageDigest sha) {
    byService.forEach(
        (service, files) ->
            files.forEach(
                (name, bytes) -> {
                  sha.update(
                      SecretRefs.repositoryPath(service, name).getBytes(StandardCharsets.UTF_8));
                  sha.update((byte) 0);
                  sha.update(bytes);
                  sha.update((byte) 0);
                }));
  }

  /** Reads {@code <dir>/secrets/<service>/<name>.age}; links and oversized files are skipped. */
  static SecretFiles read(Path dir) throws IOException {
    Path root = dir.resolve("secrets");
    Map<String, Map<String, byte[]>> out = new TreeMap<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return NONE;
    }
    try (DirectoryStream<Path> services = Files.newDirectoryStream(root)) {
      for (Path s : services) {
        String service = s.getFileName().toString();
        if (!Names.isValid(service) || !Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        Map<String, byte[]> files = new TreeMap<>();
        for (String name : SecretFolder.names(dir, service)) {
          Path p = s.resolve(name + SecretFolder.SUFFIX);
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) <= MAX_BYTES) {
            files.put(name, Files.readAllBytes(p));
          }
        }
        if (!files.isEmpty()) {
          out.put(service, files);
        }
      }
    }
    return new SecretFiles(out);
  }
}
