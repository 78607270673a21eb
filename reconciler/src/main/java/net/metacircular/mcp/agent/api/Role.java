package net.metacircular.mcp.agent.api;

import java.util.Locale;
import java.util.Optional;

/** What a token may do: {@code read} (GET endpoints) or {@code admin} (everything). */
enum Role {
  READ,
  ADMIN;

  static Optional<Role> parse(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "read" -> Optional.of(READ);
      case "admin" -> Optional.of(ADMIN);
      default -> Optional.empty();
    };
  }

  String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
