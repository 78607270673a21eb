package net.metacircular.mcp.agent;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link HeapTrimJvmTest} in a JVM of its own, with the agent's launcher options: keeps a
 * live set like the agent's (16 MiB), makes the old generation grow well past it with objects that
 * live a while (as a burst of changes does), then trims once, printing the heap's committed MiB
 * before and after as {@code before=N after=M}.
 */
final class HeapTrimProbe {
  private HeapTrimProbe() {}

  public static void main(String[] args) {
    List<byte[]> live = allocate(16);
    List<List<byte[]>> burst = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      burst.add(allocate(10)); // survives young collections: promoted to the old generation
      allocate(20); // garbage at once
    }
    burst.clear();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = memory.getHeapMemoryUsage().getCommitted();
    new HeapTrim(Duration.ofMinutes(5), System::gc).trim();
    long after = memory.getHeapMemoryUsage().getCommitted();
    System.out.println("before=" + before / (1 << 20) + " after=" + after / (1 << 20));
    System.out.println("live=" + live.size());
  }

  private static List<byte[]> allocate(int mib) {
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < mib * 16; i++) {
      chunks.add(new byte[64 * 1024]);
    }
    return chunks;
  }
}
