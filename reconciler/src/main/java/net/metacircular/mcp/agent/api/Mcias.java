package net.metacircular.mcp.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates bearer tokens with MCIAS, as the runbook's curl does: {@code POST
 * {mcias_url}/v1/token/validate} with the token as the bearer. A 200 whose JSON has {@code "valid":
 * true} is a valid token; its role is {@code admin} when {@code roles} (or {@code role}) holds
 * {@code admin} or {@code mcp:admin}, else {@code read}. Positive answers are cached briefly, keyed
 * by the token's hash. MCIAS unreachable or failing (5xx, timeout) refuses the request with
 * UNAVAILABLE: fail closed.
 */
final class Mcias implements TokenValidator {
  private static final Logger LOG = LoggerFactory.getLogger(Mcias.class);
  private static final int MAX_CACHED = 10_000;

  private record Cached(Caller caller, Instant until) {}

  private final URI validate;
  private final HttpClient http;
  private final Clock clock;
  private final Duration ttl;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  Mcias(String baseUrl, HttpClient http, Clock clock, Duration ttl, Duration timeout) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.validate = URI.create(base + "/v1/token/validate");
    this.http = http;
    this.clock = clock;
    this.ttl = ttl;
    this.timeout = timeout;
  }

  @Override
  public String refusal() {
    return "MCIAS (mcias_url in the agent's config) does not accept it";
  }

  @Override
  public String remedy() {
    return "get a new one from MCIAS (its admin dashboard)";
  }

  @Override
  public Optional<Caller> validate(String token) {
    String key = HexFormat.of().formatHex(TokenHash.sha256(token));
    Instant now = clock.instant();
    Cached hit = cache.get(key);
    if (hit != null && now.isBefore(hit.until())) {
      return Optional.of(hit.caller());
    }
    Optional<Caller> caller = ask(token);
    if (caller.isPresent()) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(key, new Cached(caller.get(), now.plus(ttl)));
    } else {
      cache.remove(key);
    }
    return caller;
  }

  private Optional<Caller> ask(String token) {
    HttpRequest request =
        HttpRequest.newBuilder(validate)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      LOG.warn("MCIAS at {} is unreachable: {}", validate, e.toString());
      throw ApiException.unavailable(
          "cannot validate the token: MCIAS at "
              + validate
              + " is unreachable ("
              + e.getClass().getSimpleName()
              + "); the request is refused until it answers");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while validating the token with MCIAS");
    }
    int status = response.statusCode();
    if (status >= 500) {
      LOG.warn("MCIAS at {} answered {}", validate, status);
      throw ApiException.unavailable(
          "cannot validate the token: MCIAS at "
              + validate
              + " answered HTTP "
              + status
              + "; the request is refused until it answers");
    }
    if (status != 200) {
      return Optional.empty();
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw ApiException.unavailable(
          "cannot validate the token: MCIAS at " + validate + " answered something not JSON");
    }
    if (body == null || !body.path("valid").asBoolean(false)) {
      return Optional.empty();
    }
    String subject = firstText(body, "username", "subject", "sub", "name").orElse("mcias token");
    return Optional.of(new Caller(subject, role(body), "mcias"));
  }

  private static Optional<String> firstText(JsonNode body, String... fields) {
    for (String f : fields) {
      JsonNode n = body.get(f);
      if (n != null && n.isTextual() && !n.asText().isBlank()) {
        return Optional.of(n.asText());
      }
    }
    return Optional.empty();
  }

  static Role role(JsonNode body) {
    for (String field : new String[] {"roles", "role"}) {
      JsonNode n = body.get(field);
      if (n == null) {
        continue;
      }
      Iterator<JsonNode> values = n.isArray() ? n.elements() : java.util.List.of(n).iterator();
      while (values.hasNext()) {
        String word = values.next().asText("").trim().toLowerCase(Locale.ROOT);
        if (word.equals("admin") || word.equals("mcp:admin")) {
          return Role.ADMIN;
        }
      }
    }
    return Role.READ;
  }
}
