package net.metacircular.mcp.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import net.metacircular.mcp.agent.api.TokenLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcp-agent token revoke NAME}: removes that name's lines from the tokens file. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = {
      "Removes every line of the tokens file that names NAME, atomically (a new file renamed over"
          + " the old one, with its mode and owner); comments and other lines stay as they are.",
      "A running agent stops accepting the token at its next request: it checks the file's"
          + " modification time, size and inode on every token check and re-reads it when one"
          + " changed. No restart."
    })
final class TokenRevokeCommand implements Callable<Integer> {
  private static final Pattern LINE_BREAK = Pattern.compile("(?<=\n)");

  @Spec CommandSpec spec;

  @Mixin TokensFileOption tokens;

  @Parameters(index = "0", paramLabel = "NAME", description = "The token's name (token list).")
  String name;

  @Override
  public Integer call() throws IOException {
    Path file = tokens.tokensFile();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("the tokens file " + file + " does not exist", e);
    }
    // The file's lines with their line breaks, so that what is kept is kept byte for byte.
    List<String> raw = List.of(LINE_BREAK.split(text, -1));
    List<String> bare = raw.stream().map(l -> l.replaceFirst("\r?\n$", "")).toList();
    List<TokenLines.Line> entries = TokenLines.parse(bare, n -> {});
    Set<Integer> revoked = new HashSet<>();
    entries.stream()
        .filter(l -> l.named() && l.name().equals(name))
        .forEach(l -> revoked.add(l.number()));
    if (revoked.isEmpty()) {
      throw new IllegalArgumentException(
          "no token named "
              + name
              + " in "
              + file
              + " (nothing was changed); names there: "
              + (entries.isEmpty()
                  ? "none"
                  : String.join(", ", entries.stream().map(TokenLines.Line::name).toList())));
    }
    StringBuilder kept = new StringBuilder();
    for (int i = 0; i < raw.size(); i++) {
      if (!revoked.contains(i + 1)) {
        kept.append(raw.get(i));
      }
    }
    replace(file, kept.toString());
    var out = spec.commandLine().getOut();
    out.println(
        "revoked "
            + name
            + " ("
            + revoked.size()
            + (revoked.size() == 1 ? " line" : " lines")
            + ") in "
            + file
            + "; a running agent refuses the token from its next request on (it re-reads the file"
            + " when it changes)");
    out.flush();
    return 0;
  }

  /** Writes beside the file, fsyncs, gives it the file's owner and mode, and renames it over. */
  private static void replace(Path file, String text) throws IOException {
    Path real = file.toRealPath();
    PosixFileAttributes attrs = Files.readAttributes(real, PosixFileAttributes.class);
    Path tmp = Files.createTempFile(real.getParent(), "." + real.getFileName() + ".", ".tmp");
    try {
      Files.writeString(tmp, text);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      PosixFileAttributeView view =
          Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      PosixFileAttributes now = view.readAttributes();
      if (!now.owner().equals(attrs.owner()) || !now.group().equals(attrs.group())) {
        try {
          view.setOwner(attrs.owner());
          view.setGroup(attrs.group());
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "cannot give the new "
                  + real
                  + " its owner "
                  + attrs.owner().getName()
                  + ":"
                  + attrs.group().getName()
                  + " ("
                  + e.getMessage()
                  + "); run this as that user (doas -u "
                  + attrs.owner().getName()
                  + " mcp-agent token revoke …); nothing was changed",
              e);
        }
      }
      Files.setPosixFilePermissions(tmp, attrs.permissions());
      Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
