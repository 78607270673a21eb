package net.metacircular.mcp.agent.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Bounded reading of request bodies and strict reading of query parameters. */
final class Requests {
  /** JSON bodies (and webhook payloads) larger than this are refused. */
  static final int MAX_JSON_BYTES = 1 << 20;

  private Requests() {}

  /** The body, at most {@code max} bytes (checked as it is read, not only by Content-Length). */
  static byte[] body(Context ctx, int max) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw ApiException.tooLarge("the request body has " + declared + " bytes; at most " + max);
    }
    try (InputStream in = PacedBody.of(ctx)) {
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw ApiException.tooLarge("the request body is larger than " + max + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.invalid("cannot read the request body: " + e.getMessage());
    }
  }

  /** An optional JSON body: empty when there is none. */
  static <T> Optional<T> json(Context ctx, ObjectMapper json, Class<T> type) {
    byte[] bytes = body(ctx, MAX_JSON_BYTES);
    if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(json.readValue(bytes, type));
    } catch (JsonProcessingException e) {
      throw ApiException.invalid(
          "the request body is not a valid JSON "
              + type.getSimpleName()
              + at(e)
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.invalid("cannot read the request body: " + e.getMessage());
    }
  }

  /**
   * A body that must be empty, or the empty JSON object: for POSTs that take no options, so that
   * options a client thinks it sends are not silently ignored.
   */
  static void noBody(Context ctx, ObjectMapper json) {
    byte[] bytes = body(ctx, MAX_JSON_BYTES);
    if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return;
    }
    String expected = ctx.method() + " " + ctx.path() + " takes no body (or {})";
    JsonNode node;
    try {
      node = json.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.invalid(expected + "; the body is not JSON" + at(e));
    } catch (IOException e) {
      throw ApiException.invalid("cannot read the request body: " + e.getMessage());
    }
    if (!node.isObject() || !node.isEmpty()) {
      throw ApiException.invalid(expected + "; got a request body of " + bytes.length + " bytes");
    }
  }

  /** Where in the body the JSON went wrong, e.g. " at line 1, column 15". */
  private static String at(JsonProcessingException e) {
    JsonLocation l = e.getLocation();
    if (l == null || l.getLineNr() < 1) {
      return "";
    }
    return " at line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  static boolean flag(Context ctx, String name, boolean fallback) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    return switch (v) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw ApiException.invalid(name + "=" + v + ": expected true or false");
    };
  }

  static int integer(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw ApiException.invalid(name + "=" + v + ": expected " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.invalid(name + "=" + v + ": expected a whole number");
    }
  }
}
