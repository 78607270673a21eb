package net.metacircular.mcp.cli.act;

import java.util.Optional;
import net.metacircular.mcp.cli.repo.Git;
import net.metacircular.mcp.cli.repo.ServicesRepo;
import net.metacircular.mcp.cli.repo.Upstream;

/**
 * The commit the agents should have applied: the head of the branch the services clone pushes to,
 * asked of the remote ({@code git ls-remote}); when the remote cannot be asked, the clone's
 * remote-tracking ref, as of its last fetch.
 *
 * @param upstream e.g. {@code origin/main}
 * @param commit the full hash
 * @param live whether the remote answered (else the remote-tracking ref was used)
 */
record RemoteHead(Upstream upstream, String commit, boolean live) {

  static Optional<RemoteHead> of(ServicesRepo repo) {
    Git.Result branch = repo.git().run("symbolic-ref", "--quiet", "--short", "HEAD");
    if (!branch.ok()) {
      return Optional.empty();
    }
    Optional<Upstream> up = repo.upstream(branch.out().strip());
    if (up.isEmpty()) {
      return Optional.empty();
    }
    Git.Result ls = repo.git().run("ls-remote", "--", up.get().remote(), up.get().ref());
    if (ls.ok() && !ls.out().isBlank()) {
      return Optional.of(new RemoteHead(up.get(), ls.out().strip().split("\\s+")[0], true));
    }
    Git.Result tracking = repo.git().run("rev-parse", "--verify", "--quiet", "@{u}");
    return tracking.ok()
        ? Optional.of(new RemoteHead(up.get(), tracking.out().strip(), false))
        : Optional.empty();
  }

  String shortCommit() {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
