package net.metacircular.mcp.cli.validate;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.KnownNodes;
import net.metacircular.mcp.cli.output.Json;
import net.metacircular.mcp.cli.output.Style;
import net.metacircular.mcp.cli.policy.Checked;
import net.metacircular.mcp.cli.policy.Policies;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.SpecError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp validate [FILE|DIR…]}: the agent's own checks, before you commit. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check service files as the agent will, before you commit.",
      "Prints every error as file:line:column: key: message; exits 1 if any file is invalid.",
      "Without arguments, checks every *.toml in services_dir; a FILE that is not a path here"
          + " but a service or file name (metacrypt, metacrypt.toml) is looked for there.",
      "Each file is checked against the policy of the node it names (GET /v1/policy: its"
          + " services_root, allowed_volume_roots and allow_host_network), cached in"
          + " ~/.cache/mcp/policy/ ($XDG_CACHE_HOME); when the node cannot be asked, its cached"
          + " policy, else --services-root, mcp.toml's services_root or /srv, and then what only"
          + " the node decides (volumes outside the data directory, host network) is reported"
          + " as not checked instead of refused. The output names the policy used.",
      "When mcp.toml lists nodes, a file whose node is not one of them is an error too (its"
          + " agent would never run it, and the node it ran on would prune it)."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "Service files, or folders whose *.toml to check.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--services-root",
      paramLabel = "DIR",
      description =
          "The services_root to check against when a file's node cannot tell its own policy"
              + " (unreachable, and none cached): volumes must then lie under DIR/<service>/"
              + " (default: services_root in mcp.toml, else /srv).")
  Path servicesRoot;

  @Override
  public Integer call() throws IOException {
    List<Path> targets = targets();
    // A file naming a node mcp.toml does not list would be pruned from its node: an error too.
    Optional<CliConfig> config =
        Files.exists(common.configFile()) ? Optional.of(common.config()) : Optional.empty();
    Policies policies = Policies.of(common, config, flagRoot());
    List<Checked> results = new ArrayList<>();
    for (Path p : targets) {
      results.add(check(policies, p, config));
    }
    long invalid = results.stream().filter(r -> !r.result().isValid()).count();
    if (common.json()) {
      common.out().println(Json.write(results.stream().map(ValidateCommand::json).toList()));
    } else {
      print(results, invalid);
      for (String problem : policies.problems()) {
        common.err().println("mcp: note: " + problem);
      }
    }
    return invalid == 0 ? ExitCodes.OK : ExitCodes.ERROR;
  }

  private void print(List<Checked> results, long invalid) {
    Style style = common.style();
    int errors = 0;
    Set<String> policies = new LinkedHashSet<>();
    for (Checked c : results) {
      ParseResult r = c.result();
      for (SpecError e : r.errors()) {
        common.out().println(style.red(e.toString()));
        errors++;
      }
      for (SpecError e : c.skipped()) {
        common
            .out()
            .println(
                style.yellow(
                    "warning: not checked, "
                        + c.policy().node().map(n -> "node " + n + "'s").orElse("the node's")
                        + " own policy is unknown: "
                        + e));
      }
      if (r.isValid() && common.verbose()) {
        common.out().println(r.file() + ": " + style.green("ok"));
      }
      if (c.policy() == Policies.NONE) {
        continue;
      }
      policies.add(
          c.policy().describeWithReason()
              + (c.policy().complete() ? "" : "; not checked: " + Checked.SKIPPED_CHECKS));
    }
    for (String p : policies) {
      common.out().println("policy: " + p);
    }
    int n = results.size();
    if (n == 0) {
      common.out().println("no service files (*.toml) to check");
    } else if (invalid == 0) {
      common.out().println(style.green(n == 1 ? "1 file valid" : "all " + n + " files valid"));
    } else {
      common
          .out()
          .println(
              style.red(
                  invalid
                      + " of "
                      + n
                      + (n == 1 ? " file" : " files")
                      + " invalid ("
                      + errors
                      + (errors == 1 ? " error)" : " errors)")));
    }
  }

  private Optional<Path> flagRoot() {
    if (servicesRoot != null && !servicesRoot.isAbsolute()) {
      throw new CliException(
          "--services-root must be an absolute path like the agent's, e.g. /srv; got "
              + servicesRoot,
          ExitCodes.USAGE);
    }
    return Optional.ofNullable(servicesRoot);
  }

  private List<Path> targets() throws IOException {
    if (files.isEmpty()) {
      Path dir = common.config().servicesDir();
      if (!Files.isDirectory(dir)) {
        throw new CliException(
            "services_dir "
                + dir
                + " does not exist (from "
                + common.configFile()
                + "); clone your services repository there, or name files to check");
      }
      return tomlFiles(dir);
    }
    List<Path> out = new ArrayList<>();
    for (Path p : files) {
      Path f = inServicesDir(p);
      out.addAll(Files.isDirectory(f) ? tomlFiles(f) : List.of(f));
    }
    return out;
  }

  /**
   * {@code metacrypt} or {@code metacrypt.toml} that is not a path here: the file of that name in
   * services_dir, if there is one (else the argument as given, reported missing).
   */
  private Path inServicesDir(Path p) {
    if (Files.exists(p) || p.getNameCount() != 1 || !Files.exists(common.configFile())) {
      return p;
    }
    String name = p.toString();
    Path dir = common.config().servicesDir();
    for (Path candidate :
        List.of(dir.resolve(name), dir.resolve(name.endsWith(".toml") ? name : name + ".toml"))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return p;
  }

  private static List<Path> tomlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".toml"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  private static Checked check(Policies policies, Path file, Optional<CliConfig> config) {
    String name = file.toString();
    try {
      String text = Files.readString(file);
      Checked c = policies.check(name, text);
      return config.isPresent()
          ? new Checked(KnownNodes.check(c.result(), text, config.get()), c.skipped(), c.policy())
          : c;
    } catch (NoSuchFileException e) {
      return unreadable(name, "no such file");
    } catch (CharacterCodingException e) {
      return unreadable(name, "the file is not UTF-8 text");
    } catch (IOException e) {
      return unreadable(name, "cannot read the file: " + e.getMessage());
    }
  }

  private static Checked unreadable(String name, String message) {
    return new Checked(
        new ParseResult.Invalid(name, List.of(new SpecError(name, 0, 0, "", message))),
        List.of(),
        Policies.NONE);
  }

  private static Map<String, Object> json(Checked c) {
    ParseResult r = c.result();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", r.file());
    m.put("valid", r.isValid());
    List<Map<String, Object>> errors = new ArrayList<>();
    for (SpecError e : r.errors()) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("line", e.line());
      em.put("column", e.column());
      em.put("key", e.keyPath());
      em.put("message", e.message());
      errors.add(em);
    }
    m.put("errors", errors);
    m.put("policy", c.policy().describeWithReason());
    m.put("not_checked", c.skipped().stream().map(SpecError::toString).toList());
    return m;
  }
}
