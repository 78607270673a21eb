/** The contract shared by the agent and the CLI: service definitions, their parser and hash. */
package net.metacircular.mcp.schema;
