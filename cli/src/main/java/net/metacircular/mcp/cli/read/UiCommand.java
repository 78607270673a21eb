package net.metacircular.mcp.cli.read;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp ui [NODE]}: where each node's status page is, and opens it where it can. */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      "The address of each node's status page (https://ADDRESS/ui/: services, components, the"
          + " source and the live event timeline; it asks for a token, a read token is enough).",
      "With one node on a terminal with a display (DISPLAY or WAYLAND_DISPLAY, or macOS), also"
          + " opens it with xdg-open or open; it never fails for want of a browser.",
    })
public final class UiCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NODE", description = "Only this node.")
  String nodeName;

  @Option(names = "--no-open", description = "Only print the address; never start a browser.")
  boolean noOpen;

  @Override
  public Integer call() {
    Agents agents = Agents.of(common);
    List<Node> nodes = nodeName == null ? agents.nodes() : List.of(agents.client(nodeName).node());
    if (common.json()) {
      List<Map<String, String>> rows =
          nodes.stream().map(n -> Map.of("node", n.name(), "url", url(n))).toList();
      common.out().println(Output.json(Map.of("nodes", rows)));
    } else {
      Table t = new Table("NODE", "PAGE");
      for (Node n : nodes) {
        t.row(n.name(), url(n));
      }
      common.out().print(t.render(common.style()));
    }
    common.out().flush();
    if (nodes.size() == 1 && !noOpen && !common.json()) {
      open(url(nodes.get(0)));
    }
    return 0;
  }

  static String url(Node n) {
    return "https://" + n.address() + "/ui/";
  }

  /** Starts the desktop's browser, if there is a desktop and a way to start one; else nothing. */
  private void open(String url) {
    if (!common.env().stdoutIsTerminal()) {
      return;
    }
    boolean mac = System.getProperty("os.name", "").startsWith("Mac");
    boolean display =
        mac
            || common.env().var("DISPLAY").isPresent()
            || common.env().var("WAYLAND_DISPLAY").isPresent();
    Optional<Path> opener = onPath(mac ? "open" : "xdg-open");
    if (!display || opener.isEmpty()) {
      return;
    }
    try {
      new ProcessBuilder(opener.get().toString(), url)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      common.err().println("could not start a browser (" + e.getMessage() + "); open " + url);
    }
  }

  private Optional<Path> onPath(String program) {
    for (String dir : common.env().var("PATH").orElse("").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, program);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
