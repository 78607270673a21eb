package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The entries of one folder of a commit, read from git objects rather than from a checkout. */
final class CommitFiles {
  private CommitFiles() {}

  /** What a folder entry is in git. */
  record Entry(String blobId, FileMode mode) {
    boolean regular() {
      return FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
    }
  }

  /**
   * The {@code *.toml} entries directly in {@code path} at {@code commit}, by file name; empty when
   * {@code path} is not a folder there.
   */
  static Optional<Map<String, Entry>> tomlFiles(Repository repo, RevCommit commit, String path)
      throws IOException {
    try (ObjectReader reader = repo.newObjectReader();
        TreeWalk walk = folderWalk(repo, reader, commit, path)) {
      if (walk == null) {
        return Optional.empty();
      }
      Map<String, Entry> out = new TreeMap<>();
      while (walk.next()) {
        String name = walk.getNameString();
        if (name.endsWith(".toml") && !FileMode.TREE.equals(walk.getFileMode(0))) {
          out.put(name, new Entry(walk.getObjectId(0).name(), walk.getFileMode(0)));
        }
      }
      return Optional.of(out);
    }
  }

  private static TreeWalk folderWalk(
      Repository repo, ObjectReader reader, RevCommit commit, String path) throws IOException {
    if (path.equals(".")) {
      TreeWalk walk = new TreeWalk(repo, reader);
      walk.addTree(commit.getTree());
      walk.setRecursive(false);
      return walk;
    }
    try (TreeWalk find = TreeWalk.forPath(repo, reader, path, commit.getTree())) {
      if (find == null || !FileMode.TREE.equals(find.getFileMode(0))) {
        return null;
      }
      TreeWalk walk = new TreeWalk(repo, reader);
      walk.addTree(find.getObjectId(0));
      walk.setRecursive(false);
      return walk;
    }
  }
}
