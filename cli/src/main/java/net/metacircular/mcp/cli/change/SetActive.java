package net.metacircular.mcp.cli.change;

import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.PushOptions;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.ServiceSpec;

/** {@code mcp stop} and {@code mcp start}: one line of the service file, committed and pushed. */
final class SetActive {
  private SetActive() {}

  static int run(CommonOptions common, PushOptions push, String service, boolean active) {
    String verb = active ? "start" : "stop";
    ChangeSession s = ChangeSession.open(common, push, service);
    String text = s.currentText();
    ServiceSpec before =
        s.requireValid(
            text,
            s.fileName()
                + " is invalid, so mcp cannot "
                + verb
                + " "
                + service
                + " safely; fix it first (mcp service edit "
                + service
                + ")");
    if (before.active() == active) {
      return s.nothingToDo(
          service
              + " is already "
              + (active ? "active" : "stopped")
              + " (active = "
              + active
              + " in "
              + s.repo.file(service)
              + "); nothing to commit"
              + (active
                  ? ". If its containers are not running, mcp status "
                      + service
                      + " says why and mcp deploy "
                      + service
                      + " starts them"
                  : ""));
    }
    String changed = ActiveFlag.set(text, active);
    ParseResult r = s.parse(changed);
    ServiceSpec expected = before.withActive(active);
    if (!r.isValid() || !r.orElseThrow().equals(expected)) {
      throw new CliException(
          "could not set active = "
              + active
              + " in "
              + s.repo.file(service)
              + " by changing one line, so nothing was changed; set it with mcp service edit "
              + service);
    }
    return s.commitAndPush(
        changed, "mcp: " + verb + " " + service, ChangeSession.nodes(Optional.empty(), before));
  }
}
