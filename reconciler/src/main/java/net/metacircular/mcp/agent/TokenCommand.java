package net.metacircular.mcp.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mcp-agent token}: local API tokens. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Local API tokens (the [auth] tokens_file).",
    subcommands = {TokenCommand.New.class, TokenListCommand.class, TokenRevokeCommand.class})
final class TokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name a subcommand: token new, token list or token revoke");
  }

  /** {@code mcp-agent token new --role admin|read --name NAME}. */
  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = {
        "Prints a fresh random token (once: it is not stored) and the line to add to the tokens"
            + " file.",
        "Give the token to its user (~/.config/mcp/token); the agent keeps only its SHA-256."
      })
  static final class New implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._-]{0,63}");

    @Spec CommandSpec spec;

    @Option(
        names = "--role",
        required = true,
        description = "admin (everything) or read (GET endpoints only).")
    String role;

    @Option(
        names = "--name",
        required = true,
        description = "Who holds the token, for logs (letters, digits, @ . _ -).")
    String name;

    @Override
    public Integer call() {
      if (!role.equals("admin") && !role.equals("read")) {
        throw new ParameterException(
            spec.commandLine(), "--role must be admin or read, got '" + role + "'");
      }
      if (!NAME.matcher(name).matches()) {
        throw new ParameterException(
            spec.commandLine(),
            "--name '" + name + "' must be 1 to 64 letters, digits, '@', '.', '_' or '-'");
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      var out = spec.commandLine().getOut();
      out.println("token (shown once; store it in the user's ~/.config/mcp/token):");
      out.println(token);
      out.println();
      out.println("line for the agent's tokens file ([auth] tokens_file):");
      out.println(sha256Hex(token) + " " + role + " " + name);
      out.flush();
      return 0;
    }

    static String sha256Hex(String token) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has SHA-256", e);
      }
    }
  }
}
