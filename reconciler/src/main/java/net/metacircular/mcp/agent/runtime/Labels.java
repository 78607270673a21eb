package net.metacircular.mcp.agent.runtime;

/** The labels the agent puts on every container it creates (DESIGN.md, "Identity"). */
public final class Labels {
  public static final String MANAGED = "mcp.managed";
  public static final String SERVICE = "mcp.service";
  public static final String COMPONENT = "mcp.component";
  public static final String SPEC_HASH = "mcp.spec-hash";
  public static final String COMMIT = "mcp.commit";

  private Labels() {}
}
