/**
 * Notifications as incidents (DESIGN.md, "Notifications"): incidents found in the components'
 * conditions and the source's state, kept in the registry with an outbox, delivered on their own
 * thread to the {@code [[notify]]} receivers.
 */
package net.metacircular.mcp.agent.notify;
