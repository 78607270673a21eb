package net.metacircular.mcp.agent.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local tokens file: {@code <sha256 hex of the token> <role> [name]} a line, {@code #} starts a
 * comment. Re-read when its modification time or size changes; a line that does not parse is
 * skipped with a warning (naming the line, never a hash). Every entry is compared in constant time,
 * so the time taken says nothing about which hash came close.
 */
final class TokensFile implements TokenValidator {
  private static final Logger LOG = LoggerFactory.getLogger(TokensFile.class);

  private record Entry(byte[] hash, Role role, String name) {}

  private final Path file;
  private List<Object> seen = List.of();
  private List<Entry> entries = List.of();

  TokensFile(Path file) {
    this.file = file;
  }

  @Override
  public Optional<Caller> validate(String token) {
    byte[] hash = TokenHash.sha256(token);
    Entry match = null;
    for (Entry e : current()) {
      if (TokenHash.same(e.hash(), hash) && match == null) {
        match = e;
      }
    }
    return match == null
        ? Optional.empty()
        : Optional.of(new Caller(match.name(), match.role(), "tokens-file"));
  }

  @Override
  public String refusal() {
    return "it is not in this agent's tokens file (tokens_file)";
  }

  @Override
  public String remedy() {
    return "make one on the node with mcp-agent token new --role admin --name <you> and add the"
        + " line it prints to the tokens file";
  }

  private synchronized List<Entry> current() {
    List<Object> stamp;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      stamp = List.of(a.lastModifiedTime(), a.size(), a.fileKey() == null ? "" : a.fileKey());
    } catch (NoSuchFileException e) {
      if (!seen.equals(List.of("missing"))) {
        LOG.warn("the tokens file {} does not exist: no local token is accepted", file);
        seen = List.of("missing");
        entries = List.of();
      }
      return entries;
    } catch (IOException e) {
      LOG.warn("cannot read the tokens file {}: {}; keeping the tokens read before", file, e);
      return entries;
    }
    if (!Objects.equals(stamp, seen)) {
      try {
        entries = parse(Files.readAllLines(file));
        seen = stamp;
      } catch (IOException e) {
        LOG.warn("cannot read the tokens file {}: {}; keeping the tokens read before", file, e);
      }
    }
    return entries;
  }

  private List<Entry> parse(List<String> lines) {
    return TokenLines.parse(
            lines,
            n ->
                LOG.warn(
                    "{}:{}: skipped: expected '<sha256 hex of the token> admin|read [name]'",
                    file,
                    n))
        .stream()
        .map(
            l ->
                new Entry(
                    HexFormat.of().parseHex(l.hashHex()),
                    Role.parse(l.role()).orElseThrow(),
                    l.name()))
        .toList();
  }
}
