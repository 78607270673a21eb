package net.metacircular.mcp.agent.runtime;

import java.util.regex.Pattern;

/**
 * Checks names and image references before they go into an argument vector: one that starts with
 * {@code -} would be read by podman as an option.
 */
final class PodmanNames {
  // podman's own rule for container names.
  private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private PodmanNames() {}

  /** The name, if podman would accept it as a container name; {@code what} names the input. */
  static String container(String name, String what) {
    if (name == null || !CONTAINER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + name
              + "' is not a valid podman container name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
    }
    return name;
  }

  /** The image reference, if it cannot be mistaken for an option. */
  static String image(String image) {
    if (image == null
        || image.isBlank()
        || image.startsWith("-")
        || image.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "image reference '" + image + "' is empty, starts with '-' or contains whitespace");
    }
    return image;
  }
}
