package net.metacircular.mcp.schema.api;

import java.util.List;

/**
 * A service file refused at the reconciled commit.
 *
 * @param service the service
 * @param file the file
 * @param errors each {@code file:line:column: key: message}
 * @param keptLastGood whether the service goes on with its last good spec
 */
public record RejectionInfo(
    String service, String file, List<String> errors, boolean keptLastGood) {}
