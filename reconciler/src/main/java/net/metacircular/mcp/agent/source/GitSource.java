package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desired state from a git remote. The first fetch clones into the working copy; every fetch after
 * that fetches the branch and moves the working copy exactly to the remote's head (a hard reset,
 * never a merge, so a force-push is followed, back in time too). A damaged working copy, or one
 * cloned from another remote, is cloned afresh and swapped in.
 *
 * <p>With a {@link CommitVerifier} that refuses the head, nothing moves: the working copy stays at
 * the last trusted commit and {@link #fetch} throws {@link UntrustedCommitException}.
 *
 * <p>Messages never hold credentials: URLs are shown without userinfo, tokens are masked.
 */
public final class GitSource implements DesiredSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GitSource.class);

  private final GitSourceSettings settings;
  private final WorkingCopy workingCopy;
  private final CommitVerifier verifier;
  private final RemoteAccess access;
  private SourceSnapshot last;
  private String lastVerified;

  /**
   * @param settings the remote, branch, folder and credentials
   * @param workingCopy the folder of the clone ({@code <data_dir>/services}); created if missing
   * @param verifier decides whether a head commit may be applied ({@link CommitVerifier#TRUST_ALL}
   *     without {@code verify_commits})
   */
  public GitSource(GitSourceSettings settings, Path workingCopy, CommitVerifier verifier) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.workingCopy = new WorkingCopy(workingCopy);
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.access =
        new RemoteAccess(settings, this.workingCopy.dir().resolveSibling(".mcp-ssh-home"));
  }

  /**
   * Fetches the branch and returns the service files at its head commit, with the commit and the
   * services changed since the commit checked out before.
   *
   * @throws UntrustedCommitException when the verifier refuses the head (nothing moved)
   * @throws SourceException when the remote cannot be fetched or the folder is missing (nothing
   *     moved)
   */
  @Override
  public synchronized SourceSnapshot fetch() {
    try {
      return attempt(false);
    } catch (LocalDamage damage) {
      log.warn(
          "working copy {} is damaged ({}): cloning {} afresh",
          workingCopy.dir(),
          access.scrub(damage.getMessage()),
          access.shown());
      try {
        return attempt(true);
      } catch (LocalDamage again) {
        throw new SourceException(
            SourceException.Kind.LOCAL,
            "working copy "
                + workingCopy.dir()
                + " cannot be used even after a fresh clone of "
                + access.shown()
                + ": "
                + access.scrub(again.getMessage()));
      }
    }
  }

  /** The last snapshot {@link #fetch} returned, if any. */
  public synchronized Optional<SourceSnapshot> lastSnapshot() {
    return Optional.ofNullable(last);
  }

  @Override
  public String describe() {
    return access.shown()
        + " (branch "
        + settings.branch()
        + (settings.path().equals(".") ? "" : ", path " + settings.path())
        + ")";
  }

  @Override
  public void close() {
    access.close();
  }

  private SourceSnapshot attempt(boolean freshClone) {
    Repository repo = null;
    ObjectId head = null;
    if (!freshClone) {
      Optional<Repository> existing = workingCopy.openExisting(access.remoteUrl(), access.shown());
      if (existing.isPresent()) {
        repo = existing.get();
        try {
          head = fetchHead(repo);
        } catch (GitAPIException | RuntimeException e) {
          repo.close();
          if (e instanceof SourceException se) {
            throw se;
          }
          if (isRemoteProblem(e)) {
            throw remoteFailure(e);
          }
          throw new LocalDamage(describeChain(e));
        }
      }
    }
    if (repo == null) {
      try {
        WorkingCopy.Fetched fetched =
            workingCopy.cloneFresh(access.remoteUrl(), settings.branch(), this::fetchHead);
        repo = fetched.repo();
        head = fetched.head();
      } catch (SourceException e) {
        throw e;
      } catch (GitAPIException | IOException | RuntimeException e) {
        throw remoteFailure(e);
      }
    }
    try (Repository r = repo) {
      return apply(r, head);
    } catch (SourceException e) {
      throw e;
    } catch (IOException | GitAPIException | RuntimeException e) {
      throw new LocalDamage(describeChain(e));
    }
  }

  /** Fetches the branch into {@code repo}; the head id the remote advertises. */
  private ObjectId fetchHead(Repository repo) throws GitAPIException {
    try {
      WorkingCopy.configure(repo, access.remoteUrl(), settings.branch());
    } catch (IOException e) {
      throw new LocalDamage("cannot write its config: " + e.getMessage());
    }
    String ref = Constants.R_HEADS + settings.branch();
    FetchResult result;
    try (Git git = new Git(repo)) {
      var command =
          git.fetch()
              .setRemote(WorkingCopy.ORIGIN)
              .setRefSpecs(new RefSpec(WorkingCopy.refSpec(settings.branch())))
              .setRemoveDeletedRefs(true)
              .setTagOpt(TagOpt.NO_TAGS);
      access.configure(command);
      try {
        result = command.call();
      } catch (org.eclipse.jgit.api.errors.TransportException e) {
        failIfBranchMissing(repo, e);
        throw e;
      }
    }
    Ref advertised = result.getAdvertisedRef(ref);
    if (advertised == null || advertised.getObjectId() == null) {
      throw missingBranch();
    }
    return advertised.getObjectId();
  }

  private SourceException missingBranch() {
    return new SourceException(
        SourceException.Kind.BAD_REF,
        "cannot fetch branch "
            + settings.branch()
            + " from "
            + access.shown()
            + ": the repository has no branch "
            + settings.branch());
  }

  /**
   * A fetch of one branch fails with a bare TransportException when the remote lacks the branch,
   * the same type as for many other failures: the remote's heads, listed once more, tell which.
   * Only done after a failure whose kind is otherwise unknown.
   */
  private void failIfBranchMissing(Repository repo, Exception fetchFailure) {
    if (FailureKinds.ofChain(fetchFailure, access) != SourceException.Kind.OTHER) {
      return;
    }
    Collection<Ref> heads;
    try (Git git = new Git(repo)) {
      var list = git.lsRemote().setRemote(WorkingCopy.ORIGIN).setHeads(true);
      access.configure(list);
      heads = list.call();
    } catch (GitAPIException | RuntimeException e) {
      return;
    }
    String ref = Constants.R_HEADS + settings.branch();
    if (heads.stream().noneMatch(h -> h.getName().equals(ref))) {
      throw missingBranch();
    }
  }

  private SourceSnapshot apply(Repository repo, ObjectId headId)
      throws IOException, GitAPIException {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit head = walk.parseCommit(headId);
      ObjectId previousId = repo.resolve(Constants.HEAD + "^{commit}");
      RevCommit previous = previousId == null ? null : walk.parseCommit(previousId);
      if (!head.name().equals(lastVerified)) {
        Optional<String> refusal = verifier.refuse(repo, head);
        if (refusal.isPresent()) {
          String reason = refusal.get();
          String message =
              "commit "
                  + head.name()
                  + " at the head of "
                  + settings.branch()
                  + " on "
                  + access.shown()
                  + " is not trusted ("
                  + reason
                  + "); staying at "
                  + (previous == null ? "no commit" : "trusted commit " + previous.name());
          throw new UntrustedCommitException(
              message, head.name(), reason, Optional.ofNullable(last));
        }
        lastVerified = head.name();
      }
      Map<String, CommitFiles.Entry> now =
          CommitFiles.tomlFiles(repo, head, settings.path())
              .orElseThrow(
                  () ->
                      new SourceException(
                          SourceException.Kind.BAD_REF,
                          "folder "
                              + settings.path()
                              + " does not exist at commit "
                              + head.name()
                              + " of "
                              + access.shown()
                              + " (branch "
                              + settings.branch()
                              + "): not applying it"));
      // A fetch that found nothing new (most of them) has the same tree before and after: walk it
      // once.
      Map<String, CommitFiles.Entry> before =
          previous == null
              ? Map.of()
              : previous.equals(head)
                  ? now
                  : CommitFiles.tomlFiles(repo, previous, settings.path()).orElse(Map.of());
      WorkingCopy.checkout(repo, head, settings.branch());
      SourceSnapshot snapshot = snapshot(head, now, before);
      if (previous == null || !previous.equals(head)) {
        log.info(
            "{} is now at {} ({}): {}",
            describe(),
            head.name(),
            head.getShortMessage(),
            snapshot.changes());
      }
      last = snapshot;
      return snapshot;
    }
  }

  private SourceSnapshot snapshot(
      RevCommit head, Map<String, CommitFiles.Entry> now, Map<String, CommitFiles.Entry> before) {
    Path folder =
        settings.path().equals(".")
            ? workingCopy.dir()
            : workingCopy.dir().resolve(settings.path());
    SourceSnapshot read = FolderSource.read(folder);
    TreeMap<String, String> files = new TreeMap<>();
    Map<String, String> unreadable = new HashMap<>(read.unreadable());
    now.forEach(
        (name, entry) -> {
          if (!entry.regular()) {
            unreadable.put(
                name,
                "not a regular file in the repository (git mode "
                    + entry.mode()
                    + "): service files must be plain files, not links");
          } else if (read.files().containsKey(name)) {
            files.put(name, read.files().get(name));
          }
        });
    unreadable.keySet().retainAll(now.keySet());
    ChangeSummary changes = ChangeSummary.between(blobIds(before), blobIds(now));
    return new SourceSnapshot(
        head.name(), files, unreadable, Optional.of(commitInfo(head)), changes, read.secrets());
  }

  private static Map<String, String> blobIds(Map<String, CommitFiles.Entry> entries) {
    Map<String, String> out = new HashMap<>();
    entries.forEach((name, e) -> out.put(name, e.blobId() + " " + e.mode()));
    return out;
  }

  static CommitInfo commitInfo(RevCommit c) {
    PersonIdent author = c.getAuthorIdent();
    return new CommitInfo(
        c.name(),
        author.getName() + " <" + author.getEmailAddress() + ">",
        c.getCommitterIdent().getWhenAsInstant(),
        c.getShortMessage());
  }

  private SourceException remoteFailure(Throwable e) {
    SourceException.Kind kind = FailureKinds.of(e, access);
    String detail =
        access
            .hostKeyProblem()
            .orElseGet(
                () ->
                    access.timedOut()
                        ? "no answer within "
                            + settings.timeout().toSeconds()
                            + "s (timed out during the ssh handshake)"
                        : describeChain(e));
    if (access.kind() == RemoteAccess.Kind.SSH && kind == SourceException.Kind.AUTH) {
      detail +=
          " (the server does not accept the deploy key "
              + settings.sshKey().map(Object::toString).orElse("")
              + " for this user)";
    }
    String message =
        "cannot fetch branch " + settings.branch() + " from " + access.shown() + ": " + detail;
    return new SourceException(kind, message, e);
  }

  /** The distinct messages of an exception and its causes, without credentials. */
  private String describeChain(Throwable e) {
    Set<String> parts = new LinkedHashSet<>();
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      m = m.replace(access.remoteUrl(), access.shown());
      m = access.scrub(m).replace(access.shown() + ": ", "").strip();
      if (t instanceof UnknownHostException) {
        m = "unknown host " + m + " (name lookup failed)";
      } else if (t instanceof SocketTimeoutException) {
        m = "timed out (" + (m.isEmpty() ? "no answer" : m) + ")";
      } else if (m.isEmpty()) {
        m = t.getClass().getSimpleName();
      }
      if (!all.toString().contains(m)) {
        parts.add(m);
        all.append(m).append('\n');
      }
    }
    return String.join(": ", parts);
  }

  private boolean isRemoteProblem(Throwable e) {
    return e instanceof InvalidRemoteException
        || e instanceof NotSupportedException
        || FailureKinds.remote(FailureKinds.of(e, access));
  }

  /** The working copy cannot be used: clone afresh. */
  private static final class LocalDamage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LocalDamage(String message) {
      super(message);
    }
  }
}
