package net.metacircular.mcp.cli.change;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.PushOptions;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.SecretRefs;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.age.AgeException;
import net.metacircular.mcp.schema.age.AgeRecipients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp secret set SERVICE NAME [--from-file FILE]}. */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypt a value into secrets/<service>/<name>.age, commit and push: to the recipient of the"
          + " node the service names (asked of its agent once, then pinned in mcp.toml as the"
          + " node's recipient) and to mcp.toml's secret_recipients.",
      "The value comes from standard input (one trailing newline dropped) or --from-file (as is)."
          + " It is never printed, logged or written unencrypted."
    })
public final class SecretSetCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin PushOptions push;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Parameters(index = "1", paramLabel = "NAME", description = "e.g. tls_key")
  String name;

  @Option(
      names = "--from-file",
      paramLabel = "FILE",
      description = "Read the value from FILE, byte for byte, instead of standard input.")
  Path fromFile;

  @Override
  public Integer call() {
    SecretFile.requireName(name);
    ChangeSession s = ChangeSession.open(common, push, service);
    ServiceSpec spec = serviceSpec(s);
    byte[] value = value();
    List<String> recipients = new ArrayList<>();
    recipients.add(NodeRecipient.of(common, s.config(), spec.node()));
    recipients.addAll(s.config().secretRecipients());
    byte[] file;
    try {
      file = AgeRecipients.encrypt(value, recipients);
    } catch (AgeException e) {
      throw new CliException("cannot encrypt the value: " + e.getMessage());
    }
    String path = SecretRefs.repositoryPath(service, name);
    boolean existed = Files.exists(s.repo.dir().resolve(path));
    return s.commitFileAndPush(
        path,
        Optional.of(file),
        "mcp: secret " + (existed ? "rotate " : "set ") + service + "/" + name,
        ChangeSession.nodes(Optional.empty(), spec));
  }

  /** The service's spec as its file says, secrets unchecked (the new one may be this one). */
  private ServiceSpec serviceSpec(ChangeSession s) {
    String text = s.repo.read(service);
    ParseResult r = new ServiceParser().parse(s.fileName(), text, Optional.empty());
    if (!r.isValid()) {
      throw new CliException(
          s.fileName()
              + " is invalid, so mcp cannot tell which node's recipient to encrypt to; fix it"
              + " first (mcp validate):\n"
              + ChangeSession.errors(r.errors()));
    }
    return r.orElseThrow();
  }

  private byte[] value() {
    try {
      if (fromFile != null) {
        return Files.readAllBytes(fromFile);
      }
      StringBuilder b = new StringBuilder();
      char[] buf = new char[8192];
      int n;
      while ((n = common.env().stdin().read(buf)) >= 0) {
        b.append(buf, 0, n);
      }
      String v = b.toString();
      if (v.endsWith("\n")) {
        v = v.substring(0, v.length() - (v.endsWith("\r\n") ? 2 : 1));
      }
      if (v.isEmpty()) {
        throw new CliException(
            "no value on standard input; pipe it in (printf %s \"$VALUE\" | mcp secret set "
                + service
                + " "
                + name
                + ") or give --from-file FILE",
            ExitCodes.USAGE);
      }
      return v.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(
          "cannot read the value from "
              + (fromFile != null ? fromFile : "standard input")
              + ": "
              + e.getMessage());
    }
  }
}
