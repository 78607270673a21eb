/** mcp: the operator's command line. */
package net.metacircular.mcp.cli;
