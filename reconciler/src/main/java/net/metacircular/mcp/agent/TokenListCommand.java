package net.metacircular.mcp.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.metacircular.mcp.agent.api.TokenLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mcp-agent token list}: who holds a local token, never the hashes. */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the tokens of the tokens file: each one's name, role and line (never its hash).",
      "Lines the agent skips (not '<sha256> admin|read [name]') are named too."
    })
final class TokenListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TokensFileOption tokens;

  @Override
  public Integer call() throws IOException {
    Path file = tokens.tokensFile();
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "the tokens file " + file + " does not exist: the agent accepts no local token", e);
    }
    List<Integer> skipped = new ArrayList<>();
    List<TokenLines.Line> entries = TokenLines.parse(lines, skipped::add);
    var out = spec.commandLine().getOut();
    if (entries.isEmpty()) {
      out.println("no tokens in " + file);
    } else {
      int width = Math.max(4, entries.stream().mapToInt(l -> l.name().length()).max().orElse(4));
      out.printf("%-" + width + "s  %-5s  %s%n", "NAME", "ROLE", "LINE");
      for (TokenLines.Line l : entries) {
        out.printf("%-" + width + "s  %-5s  %s%n", l.name(), l.role(), file + ":" + l.number());
      }
    }
    for (int n : skipped) {
      out.println(
          file
              + ":"
              + n
              + ": not a token line (the agent skips it): expected '<sha256> admin|read"
              + " [name]'");
    }
    out.flush();
    return 0;
  }
}
