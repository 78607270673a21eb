package net.metacircular.mcp.cli.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The agents' JSON, as the agent's {@code ApiJson} writes it: snake_case, ISO-8601 instants. Built
 * on first use only, so that commands that never talk to an agent (and {@code --help}) do not load
 * Jackson. Unknown fields are ignored: a newer agent may answer with more.
 */
public final class ApiMapper {
  private ApiMapper() {}

  private static final class Holder {
    static final ObjectMapper MAPPER =
        JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  public static ObjectMapper get() {
    return Holder.MAPPER;
  }
}
