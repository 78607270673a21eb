package net.metacircular.mcp.schema.api;

import java.util.List;

/**
 * {@code POST /v1/snapshot}: a consistent copy of the agent's database.
 *
 * @param path the snapshot written, {@code <data_dir>/backups/mcp-<UTC timestamp>.db}
 * @param size its size in bytes
 * @param removed older snapshots removed to keep the newest ones
 */
public record SnapshotResponse(String path, long size, List<String> removed) {}
