# The agent's JVM options and environment, in one place: bin/mcp-agent, the release's launcher
# (dist/bin/mcp-agent, with a copy of this file beside it) and dist/assemble's class-data-sharing
# training run source it (nix/package.nix repeats the options: it cannot source a file). Measured
# in docs/benchmarks.md, section 5. An operator adds or overrides options with MCP_AGENT_JAVA_OPTS
# (after these: the last of a repeated option wins, e.g. MCP_AGENT_JAVA_OPTS=-Xmx256m).
# Needs find-java.sh's mcp_java_major.

# mcp_agent_java_opts JAVA: prints the options, one a line. For a long-running daemon with a small
# working set (about 17-21 MiB of live heap, with 6 components as with 200); the JVM's server
# defaults (G1, C2, a heap of up to a quarter of memory) gave it 240-330 MiB resident:
#   -Xms16m -Xmx128m          start the heap small and cap it, whatever the machine's size: the
#                             serial collector grows it only as the live set needs, while a large
#                             commit (500 services) has room instead of ending the agent. Without
#                             -Xms the initial heap is the cap, all of it touched from the start
#   -XX:+UseSerialGC          no GC threads or remembered sets (G1's came to 40 MiB)
#   -XX:TieredStopAtLevel=1   C1 only: C2's code cache and compiler memory cost 70 MiB, and the
#                             agent waits on podman, not on its own code
#   -XX:CompileThresholdScaling=20  compile only the methods that really run often: C1's code
#                             cache and its arenas 6-8 MiB less resident, for about 15 % more CPU
#                             while converging and applying changes
#   -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-ShrinkHeapInSteps  after a full
#                             collection, size the old generation to 10-20 % free, at once: the
#                             agent's own trim (a full collection every minute, HeapTrim,
#                             -Dmcp.heapTrimInterval) then gives back what a burst of changes grew
#                             (the JVM's 40-70 %, in steps, left it at 2-3 times the live set)
#   -XX:NewRatio=3            a young generation of a quarter of the heap, not a third: it is
#                             touched at every sync; what it promotes early goes at the next trim
#   -XX:+ExitOnOutOfMemoryError  a heap too small for a very large node ends the agent with a
#                             clear error (systemd restarts it) instead of leaving it half working
#   -XX:+UseCompactObjectHeaders  JDK 25+ only (JEP 519; older JDKs refuse the option): 8-byte
#                             object headers, 5-15 MiB less resident with 200 components
mcp_agent_java_opts() {
  printf '%s\n' -Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -XX:CompileThresholdScaling=20 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 \
    -XX:-ShrinkHeapInSteps -XX:NewRatio=3 -XX:+ExitOnOutOfMemoryError
  if [ "$(mcp_java_major "$1")" -ge 25 ]; then echo -XX:+UseCompactObjectHeaders; fi
}

# mcp_agent_environment: exports the environment the agent's JVM runs with. glibc's malloc makes
# up to 8 arenas per CPU for the JVM's ~40 threads, each kept with its free pages; one arena is
# enough for a process that mostly waits on podman (several MiB less resident). An operator's own
# MALLOC_ARENA_MAX wins.
mcp_agent_environment() {
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
}
