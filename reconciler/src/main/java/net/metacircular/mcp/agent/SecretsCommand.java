package net.metacircular.mcp.agent;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import net.metacircular.mcp.agent.secrets.IdentityFile;
import net.metacircular.mcp.schema.age.AgeIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mcp-agent secrets}: the node's age identity. */
@Command(
    name = "secrets",
    mixinStandardHelpOptions = true,
    description = "The node's age identity, which decrypts secrets/<service>/<name>.age.",
    subcommands = {SecretsCommand.Keygen.class})
final class SecretsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a subcommand: secrets keygen");
  }

  /** {@code mcp-agent secrets keygen [--out FILE]}. */
  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Writes a new age X25519 identity (0600, never over an existing file) and prints its"
            + " recipient (age1…).",
        "Point [secrets] identity at the file; `mcp secret set` encrypts to the recipient."
      })
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--out",
        description = "Where to write the identity (default: ${DEFAULT-VALUE}).",
        defaultValue = "/srv/mcp/age-identity.txt")
    Path out;

    @Override
    public Integer call() throws IOException {
      AgeIdentity identity;
      try {
        identity = IdentityFile.create(out, Instant.now());
      } catch (FileAlreadyExistsException e) {
        spec.commandLine()
            .getErr()
            .println(
                "mcp-agent: "
                    + out
                    + " exists; an identity is never overwritten (every secret encrypted to it"
                    + " would become unreadable): remove it first if that is what you want");
        return 1;
      }
      var o = spec.commandLine().getOut();
      o.println(identity.recipient());
      o.flush();
      spec.commandLine()
          .getErr()
          .println("wrote " + out + "; set [secrets] identity = \"" + out + "\" in mcp-agent.toml");
      return 0;
    }
  }
}
