package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * A suspension, in status and in the answer to suspend.
 *
 * @param target the service, or {@code *} for the whole node
 * @param who the name of the token that suspended it
 * @param reason why
 * @param since since when
 * @param until when it resumes by itself; null: only on {@code mcp resume}
 */
public record SuspensionInfo(
    String target, String who, String reason, Instant since, Instant until) {}
