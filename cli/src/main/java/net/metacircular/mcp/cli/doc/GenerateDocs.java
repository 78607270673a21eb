package net.metacircular.mcp.cli.doc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.metacircular.mcp.cli.AfterPush;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.McpCommand;
import net.metacircular.mcp.cli.Version;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes, from the picocli model of {@code mcp}, the shell completion ({@code completion/mcp.bash},
 * {@code completion/mcp.zsh}: picocli's script, which serves both shells) and a man page per
 * command ({@code man/mcp.1}, {@code man/mcp-node-add.1}, …). Run at {@code package}: {@code
 * GenerateDocs <target-dir>}.
 */
public final class GenerateDocs {
  private GenerateDocs() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target");
    CommandLine cl =
        McpCommand.commandLine(
            new CliEnv(
                Path.of("/nonexistent"), Map.of(), new BufferedReader(new StringReader("")), false),
            AfterPush.NONE);
    Path completion = Files.createDirectories(out.resolve("completion"));
    String script = AutoComplete.bash("mcp", cl);
    Files.writeString(completion.resolve("mcp.bash"), script);
    Files.writeString(completion.resolve("mcp.zsh"), script);
    Path man = Files.createDirectories(out.resolve("man"));
    for (CommandSpec spec : all(cl.getCommandSpec())) {
      Files.writeString(man.resolve(pageName(spec) + ".1"), manPage(spec));
    }
  }

  /**
   * The CLI reference in Markdown ({@code docs/reference/cli.md}): every command's usage help as
   * picocli prints it, so that the page says exactly what {@code mcp CMD --help} says.
   */
  public static String markdown(CommandLine root) {
    StringBuilder b =
        new StringBuilder(
            "# Reference: the mcp command line\n\n"
                + "Generated from the picocli model (`GenerateDocs.markdown`); a test fails when"
                + " this page and\n`mcp --help` disagree. Regenerate it with"
                + " `MCP_UPDATE_DOCS=1 ./mvnw -q -pl cli -am verify`.\n"
                + "Man pages (`man/*.1`) and bash/zsh completion are generated at `package`"
                + " into `cli/target/`.\n");
    b.append(ReferenceText.EXIT_CODES)
        .append(ReferenceText.POLICY)
        .append(ReferenceText.RELEASE_NOTES);
    for (CommandSpec spec : all(root.getCommandSpec())) {
      String usage =
          spec.commandLine()
              .getUsageMessage(CommandLine.Help.Ansi.OFF)
              .lines()
              .map(String::stripTrailing)
              .collect(java.util.stream.Collectors.joining("\n"));
      b.append("\n## ").append(spec.qualifiedName()).append("\n\n```text\n");
      b.append(usage.strip()).append("\n```\n");
    }
    return b.toString();
  }

  /** The command and its subcommands, depth first, each once (not per alias), without help. */
  static List<CommandSpec> all(CommandSpec root) {
    List<CommandSpec> specs = new ArrayList<>();
    specs.add(root);
    for (CommandSpec sub : subcommands(root)) {
      specs.addAll(all(sub));
    }
    return specs;
  }

  private static List<CommandSpec> subcommands(CommandSpec spec) {
    return new LinkedHashSet<>(spec.subcommands().values())
        .stream()
            .filter(c -> !(c.getCommand() instanceof HelpCommand))
            .map(CommandLine::getCommandSpec)
            .filter(c -> !c.usageMessage().hidden())
            .toList();
  }

  static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  /** A troff man page of one command. */
  static String manPage(CommandSpec spec) {
    Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
    String name = pageName(spec);
    String[] description = spec.usageMessage().description();
    StringBuilder b = new StringBuilder();
    b.append(".TH \"")
        .append(name.toUpperCase(Locale.ROOT))
        .append("\" 1 \"\" \"mcp ")
        .append(Version.current())
        .append("\" \"MCP Manual\"\n");
    b.append(".SH NAME\n")
        .append(esc(name))
        .append(" \\- ")
        .append(esc(description.length > 0 ? firstSentence(description[0]) : name))
        .append('\n');
    b.append(".SH SYNOPSIS\n.nf\n").append(esc(help.synopsis(0).strip())).append("\n.fi\n");
    if (description.length > 0) {
      b.append(".SH DESCRIPTION\n");
      for (String line : description) {
        b.append(esc(line)).append("\n.PP\n");
      }
    }
    List<PositionalParamSpec> params = spec.positionalParameters();
    if (!params.isEmpty()) {
      b.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : params) {
        if (p.hidden()) {
          continue;
        }
        b.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n");
        b.append(esc(String.join(" ", p.description()))).append('\n');
      }
    }
    if (!spec.options().isEmpty()) {
      b.append(".SH OPTIONS\n");
      for (OptionSpec o : spec.options()) {
        if (o.hidden()) {
          continue;
        }
        b.append(".TP\n\\fB").append(esc(String.join(", ", o.names()))).append("\\fR");
        if (o.arity().max() > 0) {
          b.append("=\\fI").append(esc(o.paramLabel())).append("\\fR");
        }
        b.append('\n').append(esc(String.join(" ", o.description()))).append('\n');
      }
    }
    List<CommandSpec> subs = subcommands(spec);
    if (!subs.isEmpty()) {
      b.append(".SH COMMANDS\n");
      for (CommandSpec sub : subs) {
        String[] d = sub.usageMessage().description();
        b.append(".TP\n\\fB").append(esc(sub.name())).append("\\fR\n");
        b.append(esc(d.length > 0 ? d[0] : ""))
            .append(" See \\fB")
            .append(esc(pageName(sub)))
            .append("\\fR(1).\n");
      }
    }
    if (!spec.usageMessage().exitCodeList().isEmpty()) {
      b.append(".SH EXIT STATUS\n");
      spec.usageMessage()
          .exitCodeList()
          .forEach(
              (code, text) ->
                  b.append(".TP\n\\fB")
                      .append(esc(code.strip()))
                      .append("\\fR\n")
                      .append(esc(text))
                      .append('\n'));
    }
    String[] footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      b.append(".SH FILES\n.nf\n");
      for (String line : footer) {
        b.append(esc(line.strip())).append('\n');
      }
      b.append(".fi\n");
    }
    if (spec.parent() != null) {
      b.append(".SH SEE ALSO\n\\fB").append(esc(pageName(spec.parent()))).append("\\fR(1)\n");
    }
    return b.toString();
  }

  private static String firstSentence(String s) {
    int dot = s.indexOf(": ");
    return dot > 0 ? s.substring(0, dot) : s.replaceAll("\\.$", "");
  }

  /** Escapes text for troff: backslashes, and a leading dot or quote. */
  static String esc(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.lines()
        .map(l -> l.startsWith(".") || l.startsWith("'") ? "\\&" + l : l)
        .reduce((x, y) -> x + "\n" + y)
        .orElse("");
  }
}
