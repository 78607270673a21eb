package net.metacircular.mcp.cli.act;

import java.io.PrintWriter;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.output.Style;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.schema.api.ActionResult;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.RejectionInfo;

/** Prints what a sync or deploy did on one node. */
final class Actions {
  private Actions() {}

  static void print(PrintWriter out, Style style, String node, ReconcileResponse r) {
    out.println(
        node
            + ": at "
            + Fmt.commit(r.commit())
            + ", "
            + (r.actions().isEmpty()
                ? "nothing to do"
                : r.actions().size() + (r.actions().size() == 1 ? " action" : " actions"))
            + (r.failed() ? ", " + style.red("FAILED") : ""));
    if (!r.actions().isEmpty()) {
      Table t = new Table("  CONTAINER", "ACTION", "RESULT", "MESSAGE");
      for (ActionResult a : r.actions()) {
        String result =
            switch (a.result()) {
              case "done" -> style.green(a.result());
              case "failed" -> style.red(a.result());
              default -> style.yellow(a.result());
            };
        t.row(
            "  " + a.container(), a.kind(), result, a.message() == null ? a.reason() : a.message());
      }
      out.print(t.render(style));
    }
    for (RejectionInfo rej : r.rejections()) {
      out.println(
          "  "
              + style.red("rejected ")
              + rej.file()
              + (rej.keptLastGood() ? " (its last good spec goes on)" : "")
              + ":");
      rej.errors().forEach(e -> out.println("    " + e));
    }
    if (r.fetchError() != null) {
      out.println(
          "  "
              + style.red("fetch failed: ")
              + r.fetchError()
              + " (reconciled the last fetched commit)");
    }
  }
}
