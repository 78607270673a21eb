package net.metacircular.mcp.agent.apply;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.ValidationPolicy;

/**
 * The host directories of a component's bind mounts, made ready before {@code podman run}: podman
 * (unlike docker) refuses a missing host path with exit 125. Under the service's data directory
 * ({@code <services_root>/<service>/}) they are the agent's to provide, so missing ones are
 * created, 0755 and owned by the agent's user, which is the user podman runs as (root in a rootful
 * container, mapped to root in a rootless one). Each existing part of the path is looked at without
 * following links, and a symlink whose target leaves the data directory is refused: a container can
 * write symlinks into its own volumes, and the agent must not create directories wherever one
 * points. A missing path anywhere else (an allowed root) is the operator's to create, so it is
 * refused before podman runs.
 */
public final class VolumeDirectories {
  /** Prepares nothing: podman alone decides (for executors built without a policy). */
  public static final VolumeDirectories NONE = new VolumeDirectories(null);

  private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  private final ValidationPolicy policy;

  /** Directories under {@code policy}'s data directories of services. */
  public VolumeDirectories(ValidationPolicy policy) {
    this.policy = policy;
  }

  /**
   * Creates what is missing of {@code component}'s host paths under its service's data directory,
   * and returns the directories it created, parents first.
   *
   * @throws VolumeException naming the volume when a host path cannot be provided
   */
  public List<Path> prepare(ServiceSpec service, ComponentSpec component) {
    List<Path> created = new ArrayList<>();
    if (policy == null) {
      return created;
    }
    // The spec carries no line numbers: the volume is named by its place in the file.
    int index = service.components().indexOf(component);
    String at = index < 0 ? "component " + component.name() : "components[" + index + "]";
    for (int i = 0; i < component.volumes().size(); i++) {
      String volume = component.volumes().get(i);
      if (!volume.startsWith("/")) {
        continue; // a named volume: podman creates it
      }
      String where = service.name() + ".toml: " + at + ".volumes[" + i + "]";
      Path host = Path.of(volume.split(":", -1)[0]).normalize();
      Path dataDir = policy.serviceDir(service.name());
      try {
        if (host.startsWith(dataDir)) {
          provide(dataDir, host, where, created);
        } else if (!Files.exists(host)) {
          throw new VolumeException(
              where
                  + ": the host path "
                  + host
                  + " does not exist, and podman refuses a missing host path; the agent creates"
                  + " directories only under the service's data directory "
                  + dataDir
                  + "/: create it on the node (mkdir -p "
                  + host
                  + ") or keep the volume under "
                  + dataDir
                  + "/",
              true);
        }
      } catch (IOException e) {
        throw new VolumeException(
            where + ": cannot create the host directory " + host + ": " + reason(e), mendedBy(e));
      }
    }
    return created;
  }

  /** Creates the missing parts of {@code host}, never through a symlink out of {@code dataDir}. */
  private void provide(Path dataDir, Path host, String where, List<Path> created)
      throws IOException {
    if (!Files.exists(dataDir, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(policy.servicesRoot())) {
        throw new VolumeException(
            where
                + ": the agent's services_root "
                + policy.servicesRoot()
                + " does not exist, so the service's data directory cannot be created in it;"
                + " create it on the node (mkdir -p "
                + policy.servicesRoot()
                + ")",
            true);
      }
      mkdir(dataDir, created);
    }
    // The data directory itself may be a symlink the operator made (to a larger disk): its
    // real path is what the parts below must stay in.
    Path real = dataDir.toRealPath();
    Path current = dataDir;
    for (Path name : dataDir.relativize(host)) {
      if (name.toString().isEmpty()) {
        continue; // the volume is the data directory itself
      }
      Path next = current.resolve(name);
      Optional<BasicFileAttributes> attributes = attributes(next);
      if (attributes.isEmpty()) {
        mkdir(next, created);
      } else if (attributes.get().isSymbolicLink()) {
        Path target;
        try {
          target = next.toRealPath();
        } catch (NoSuchFileException e) {
          throw new VolumeException(
              where
                  + ": the host path "
                  + host
                  + " goes through "
                  + next
                  + ", a symlink to a missing target ("
                  + Files.readSymbolicLink(next)
                  + "); the agent does not create directories through a symlink: replace it"
                  + " with a directory",
              true);
        }
        if (!target.startsWith(real)) {
          throw new VolumeException(
              where
                  + ": the host path "
                  + host
                  + " goes through "
                  + next
                  + ", a symlink to "
                  + target
                  + ", outside the service's data directory "
                  + dataDir
                  + "/; refused: replace the symlink with a directory, or mount "
                  + target
                  + " by its own path under an allowed root",
              true);
        }
      }
      current = next;
    }
  }

  /** The event of directories created for a container's volumes. */
  static String message(String container, List<Path> created) {
    return "created "
        + (created.size() == 1 ? "the directory " : "the directories ")
        + String.join(", ", created.stream().map(Path::toString).toList())
        + " for the volumes of "
        + container
        + " (mode 0755, owner "
        + System.getProperty("user.name")
        + "): podman does not create a missing host path";
  }

  private static Optional<BasicFileAttributes> attributes(Path p) throws IOException {
    try {
      return Optional.of(
          Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static void mkdir(Path dir, List<Path> created) throws IOException {
    Files.createDirectory(dir);
    // Set after creating: the process's umask may have taken bits off.
    Files.setPosixFilePermissions(dir, MODE);
    created.add(dir);
  }

  /**
   * Whether a person must mend what {@code e} says: the agent's user may not write there, or a file
   * stands where a directory must be. Else (a full disk, an I/O error) it may pass: retried.
   */
  private static boolean mendedBy(IOException e) {
    return e instanceof AccessDeniedException
        || e instanceof FileSystemException f && "Not a directory".equals(f.getReason());
  }

  private static String reason(IOException e) {
    return e instanceof FileSystemException f && f.getReason() != null
        ? f.getReason()
        : e.toString();
  }

  /**
   * A volume's host path that cannot be provided; nothing was run. Permanent when a person must act
   * (create the path, replace a symlink, grant access), so it is not retried on the short backoff.
   */
  public static final class VolumeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    VolumeException(String message, boolean permanent) {
      super(message);
      this.permanent = permanent;
    }

    /** Whether only a person can mend it (else it may pass by itself: a full disk). */
    public boolean permanent() {
      return permanent;
    }
  }
}
