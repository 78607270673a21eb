package net.metacircular.mcp.cli.repo;

/**
 * Where the current branch pushes.
 *
 * @param remote e.g. {@code origin}
 * @param ref the branch there, e.g. {@code refs/heads/main}
 * @param display for people, e.g. {@code origin/main}
 */
public record Upstream(String remote, String ref, String display) {}
