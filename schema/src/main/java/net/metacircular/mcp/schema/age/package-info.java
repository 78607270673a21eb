/**
 * The age file format with X25519 recipients (age-encryption.org/v1), through jagged: the agent
 * decrypts the repository's secrets with its identity, the CLI encrypts them to the node's
 * recipient and the operators'. Files are interchangeable with the {@code age} tool.
 */
package net.metacircular.mcp.schema.age;
