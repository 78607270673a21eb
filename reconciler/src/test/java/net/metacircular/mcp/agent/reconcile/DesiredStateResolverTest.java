package net.metacircular.mcp.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import net.metacircular.mcp.agent.source.SourceSnapshot;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ServiceSpec;
import org.junit.jupiter.api.Test;

class DesiredStateResolverTest {
  private final DesiredStateResolver resolver =
      new DesiredStateResolver("rift", new ServiceParser());

  @Test
  void anUnchangedFileKeepsItsSpecAndAChangedOneIsReadAgain() {
    Resolution first = resolver.resolve(snapshot("r1", site("1.27"), wiki("a")), Map.of());
    Resolution second = resolver.resolve(snapshot("r2", site("1.27"), wiki("b")), Map.of());

    // The same text gives the very spec of the last cycle: it was not parsed again.
    assertThat(spec(second, "static-site")).isSameAs(spec(first, "static-site"));
    assertThat(second.desired().services().get("static-site").commit()).isEqualTo("r2");
    // The changed file gives its new spec.
    assertThat(spec(second, "wiki")).isNotSameAs(spec(first, "wiki"));
    assertThat(spec(second, "wiki").components().get(0).env()).containsEntry("REV", "b");
  }

  @Test
  void aFileThatTurnsBadIsRejectedAndAFileRemovedAndBackIsReadAgain() {
    Resolution first = resolver.resolve(snapshot("r1", site("1.27"), wiki("a")), Map.of());
    Resolution bad =
        resolver.resolve(
            snapshot("r2", site("1.27"), Map.entry("wiki.toml", "name = \"wiki\"\nnode = ")),
            Map.of("wiki", new LastGood(wiki("a").getValue(), "r1")));
    assertThat(bad.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.keptLastGood()).isTrue());

    resolver.resolve(snapshot("r3", site("1.27")), Map.of());
    Resolution back = resolver.resolve(snapshot("r4", site("1.27"), wiki("a")), Map.of());

    assertThat(back.rejections()).isEmpty();
    assertThat(spec(back, "wiki")).isEqualTo(spec(first, "wiki")).isNotSameAs(spec(first, "wiki"));
  }

  private static ServiceSpec spec(Resolution r, String service) {
    return r.desired().services().get(service).spec();
  }

  @SafeVarargs
  private static SourceSnapshot snapshot(String revision, Map.Entry<String, String>... files) {
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> f : files) {
      out.put(f.getKey(), f.getValue());
    }
    return new SourceSnapshot(revision, out, Map.of());
  }

  private static Map.Entry<String, String> site(String tag) {
    return Map.entry(
        "static-site.toml",
        """
        name = "static-site"
        node = "rift"
        [[components]]
        name = "nginx"
        image = "docker.io/library/nginx:%s"
        """
            .formatted(tag));
  }

  private static Map.Entry<String, String> wiki(String rev) {
    return Map.entry(
        "wiki.toml",
        """
        name = "wiki"
        node = "rift"
        [[components]]
        name = "app"
        image = "docker.io/library/wiki:1"
        env = { REV = "%s" }
        """
            .formatted(rev));
  }
}
