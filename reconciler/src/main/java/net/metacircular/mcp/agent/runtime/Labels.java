package net.metacircular.mcp.agent.runtime;

/** The labels the agent puts on every container it creates (DESIGN.md, "Identity"). */
public final class Labels {
  public static final String MANAGED = "mcp.managed";
  public static final String SERVICE = "mcp.service";
  public static final String COMPONENT = "mcp.component";
  public static final String SPEC_HASH = "mcp.spec-hash";
  public static final String COMMIT = "mcp.commit";

  /**
   * The node of the agent that created it. An agent acts only on managed containers of its own node
   * (or with no node label), so that two agents sharing one podman (a demo beside a real agent,
   * tests beside each other) never touch each other's containers.
   */
  public static final String NODE = "mcp.node";

  private Labels() {}
}
