package net.metacircular.mcp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A temporary home with {@code ~/.config/mcp/mcp.toml} and the services clone at its default place,
 * {@code ~/.config/mcp/services}, cloned from a bare remote with the examples.
 */
abstract class GitCase {
  @TempDir Path tmp;
  Path home;
  ServicesRemote remote;
  Path services;
  Cli cli;

  @BeforeEach
  void setUpRepo() throws IOException {
    home = Files.createDirectories(tmp.resolve("home"));
    remote = new ServicesRemote(tmp);
    Files.createDirectories(home.resolve(".config/mcp"));
    services = home.resolve(".config/mcp/services");
    ServicesRemote.git(tmp, "clone", "--quiet", remote.bare().toString(), services.toString());
    Files.writeString(
        home.resolve(".config/mcp/mcp.toml"),
        """
        [[nodes]]
        name = "rift"
        address = "rift.example.net:9443"
        """);
    cli = new Cli(home);
  }

  String file(String name) throws IOException {
    return Files.readString(services.resolve(name));
  }

  String localSubject() {
    return ServicesRemote.git(services, "log", "-1", "--format=%s").strip();
  }

  String localHead() {
    return ServicesRemote.git(services, "rev-parse", "HEAD").strip();
  }

  String status() {
    return ServicesRemote.git(services, "status", "--porcelain");
  }
}
