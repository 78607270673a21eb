package net.metacircular.mcp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/reference/service-file.md documents every key of service.schema.json. */
class ReferenceDocTest {
  @Test
  void everyKeyOfTheSchemaIsDocumented() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(Files.readString(Path.of("service.schema.json")));
    String doc = Files.readString(Path.of("..", "docs", "reference", "service-file.md"));
    List<String> keys = new ArrayList<>();
    collect(schema, keys);
    assertThat(keys).contains("name", "image", "depends_on", "start_period");
    for (String key : keys) {
      assertThat(doc)
          .as("docs/reference/service-file.md documents `%s`", key)
          .contains("| `" + key + "` |");
    }
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      JsonNode props = node.get("properties");
      if (props != null) {
        props.fieldNames().forEachRemaining(out::add);
      }
      node.forEach(child -> collect(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, out));
    }
  }
}
