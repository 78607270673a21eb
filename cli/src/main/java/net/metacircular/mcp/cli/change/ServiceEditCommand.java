package net.metacircular.mcp.cli.change;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.PushOptions;
import net.metacircular.mcp.cli.repo.Commit;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.ServiceSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp service edit SERVICE}. */
@Command(
    name = "edit",
    mixinStandardHelpOptions = true,
    description = {
      "Edit a service's file in $VISUAL, $EDITOR or vi; on save it is validated, committed and"
          + " pushed.",
      "An invalid file is never committed: fix it in the editor again, or abort and the file"
          + " stays as it was.",
      "You edit a copy in $TMPDIR (else /tmp); when it cannot be committed (the file changed"
          + " meanwhile, a node refused, git failed) the copy is kept and its path printed."
    })
public final class ServiceEditCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin PushOptions push;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Override
  public Integer call() throws IOException {
    ChangeSession s = ChangeSession.open(common, push, service);
    String original = s.currentText();
    Optional<ServiceSpec> before = s.parse(original).validSpec();
    // Before the editor: an edit that could not be synced is refused before it is made.
    before.ifPresent(b -> s.checkAgents(Set.of(b.node())));
    // TMPDIR as mktemp and git take it (the JVM's own temporary folder ignores it).
    Optional<Path> tmpRoot = common.env().var("TMPDIR").map(Path::of);
    Path tmpDir =
        tmpRoot.isPresent()
            ? Files.createTempDirectory(tmpRoot.get(), "mcp-edit-")
            : Files.createTempDirectory("mcp-edit-");
    Path copy = tmpDir.resolve(s.fileName());
    boolean keepCopy = false;
    try {
      Files.writeString(copy, original);
      ServiceSpec after;
      String edited;
      while (true) {
        int status = Editor.edit(common.env(), copy);
        if (status != 0) {
          throw new CliException(
              "the editor ("
                  + Editor.command(common.env())
                  + ") exited with status "
                  + status
                  + ", so nothing was changed");
        }
        edited = Files.readString(copy);
        if (edited.equals(original)) {
          return s.nothingToDo("no changes to " + s.fileName() + "; nothing committed");
        }
        ParseResult r = s.parse(edited);
        if (r.isValid()) {
          after = r.orElseThrow();
          break;
        }
        PrintWriter err = common.err();
        err.println(s.fileName() + " is invalid" + s.checkedAgainst() + ":");
        err.println(ChangeSession.errors(r.errors()));
        err.print("Reopen the editor to fix it? [Y/n] ");
        err.flush();
        String answer = common.env().stdin().readLine();
        if (answer == null) {
          err.println();
        }
        if (answer == null || answer.strip().toLowerCase(Locale.ROOT).startsWith("n")) {
          throw new CliException(
              "aborted: " + s.repo.file(service) + " is unchanged and nothing was committed");
        }
      }
      // Someone (a pull, another editor) may have changed the file meanwhile: do not overwrite.
      if (!s.repo.read(service).equals(original)) {
        keepCopy = true;
        throw new CliException(
            s.repo.file(service)
                + " changed while you were editing, so nothing was committed; your version is at "
                + copy);
      }
      s.repo.requireClean(service);
      try {
        s.checkAgents(ChangeSession.nodes(before, after));
      } catch (CliException e) {
        keepCopy = true;
        throw new CliException(
            e.getMessage() + "; your edited version is at " + copy, e.exitCode());
      }
      Commit c;
      try {
        c = s.repo.commit(service, edited, "mcp: edit " + service);
      } catch (CliException e) {
        keepCopy = true;
        throw new CliException(e.getMessage() + "; your edited version is at " + copy, e);
      }
      return s.pushAndSync(c, ChangeSession.nodes(before, after));
    } finally {
      if (!keepCopy) {
        deleteTree(tmpDir);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
