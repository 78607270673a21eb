package net.metacircular.mcp.agent.reconcile;

import net.metacircular.mcp.agent.source.SourceSnapshot;

/** The event of a new revision: which commit, by whom, when, and what it changed. */
final class SyncMessage {
  private SyncMessage() {}

  static String of(SourceSnapshot s) {
    String what = s.changes().isEmpty() ? "no service files changed" : s.changes().toString();
    return s.commit()
        .map(
            c ->
                "fetched "
                    + c.shortId()
                    + " \""
                    + c.subject()
                    + "\" by "
                    + c.author()
                    + " at "
                    + c.time()
                    + ": "
                    + what)
        .orElse("read revision " + s.revision().substring(0, 12) + " of the services folder");
  }
}
