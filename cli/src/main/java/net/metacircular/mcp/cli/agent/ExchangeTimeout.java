package net.metacircular.mcp.cli.agent;

import java.io.IOException;

/**
 * No connection within the connect timeout ({@link #connecting}), or no whole answer before the
 * request's deadline: the two silences the CLI words differently.
 */
final class ExchangeTimeout extends IOException {
  private static final long serialVersionUID = 1L;

  private final boolean connecting;

  ExchangeTimeout(boolean connecting) {
    super(connecting ? "connect timed out" : "request timed out");
    this.connecting = connecting;
  }

  boolean connecting() {
    return connecting;
  }
}
