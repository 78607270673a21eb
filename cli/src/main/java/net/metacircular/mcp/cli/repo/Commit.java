package net.metacircular.mcp.cli.repo;

/** A commit made in the services clone. */
public record Commit(String hash, String shortHash, String subject) {}
