package net.metacircular.mcp.agent.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import net.metacircular.mcp.schema.DeployMode;

/** Values the tests share. */
final class Fixtures {
  static final String C1 = "1111111111111111111111111111111111111111";
  static final String C2 = "2222222222222222222222222222222222222222";
  static final String TOML =
      """
      name = "metacrypt"
      node = "rift"

      [[components]]
      name = "api"
      image = "mcr.example:8443/metacrypt:v1.4.2"
      """;

  private Fixtures() {}

  static ServiceUpsert service(String name, String commit) {
    return new ServiceUpsert(name, "rift", true, DeployMode.AUTO, TOML, commit);
  }

  static ComponentApplied applied(String service, String component, String hash, String commit) {
    return new ComponentApplied(
        service,
        component,
        hash,
        "img:" + hash,
        commit,
        Optional.of("id-" + hash),
        Optional.of("{\"spec\":\"" + hash + "\"}"));
  }

  /** A raw connection, for looking under the registry's hood. */
  static Connection raw(java.nio.file.Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }
}
