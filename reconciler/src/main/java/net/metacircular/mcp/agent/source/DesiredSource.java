package net.metacircular.mcp.agent.source;

/** Where desired state comes from: a git repository, or a plain folder during development. */
public interface DesiredSource {
  /**
   * Brings the source up to date (a fetch, for git) and returns its service files.
   *
   * @throws SourceException when it cannot; the caller keeps its last snapshot
   */
  SourceSnapshot fetch();

  /** For status: where this source reads from (never with credentials). */
  String describe();
}
