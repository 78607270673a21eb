package net.metacircular.mcp.agent.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code POST /v1/webhook}: turns a git host's push notification into a fetch request. Independent
 * of any HTTP library: the API passes the headers and the raw body and answers with the result's
 * outcome. Nothing in the body is read before the delivery is proven authentic, and nothing here is
 * logged: the results carry the reasons, free of secrets and signatures.
 */
public final class WebhookHandler {
  /** Push notifications are a few KiB; GitHub caps payloads at 25 MB but trims commit lists. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private static final String BRANCH_PREFIX = "refs/heads/";
  private static final String TAG_PREFIX = "refs/tags/";

  private final WebhookSecret secret;
  private final String branch;
  private final FetchTrigger trigger;
  private final int maxBodyBytes;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param secretFile {@code [source] webhook_secret_file}; empty refuses every delivery
   * @param branch {@code [source] branch}, the only branch whose pushes trigger a fetch
   * @param trigger asked for a fetch on each authentic push to that branch
   */
  public WebhookHandler(Optional<Path> secretFile, String branch, FetchTrigger trigger) {
    this(secretFile, branch, trigger, DEFAULT_MAX_BODY_BYTES);
  }

  public WebhookHandler(
      Optional<Path> secretFile, String branch, FetchTrigger trigger, int maxBodyBytes) {
    Objects.requireNonNull(secretFile, "secretFile");
    Objects.requireNonNull(branch, "branch");
    if (branch.isBlank() || branch.startsWith(BRANCH_PREFIX)) {
      throw new IllegalArgumentException(
          "branch '" + branch + "' should be a plain branch name such as main");
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    this.secret = new WebhookSecret(secretFile);
    this.branch = branch;
    this.trigger = Objects.requireNonNull(trigger, "trigger");
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Handles one delivery.
   *
   * @param headers the request headers; names are matched case-insensitively
   * @param body the raw body, exactly as received: the signature covers these bytes
   */
  public WebhookResult handle(Map<String, String> headers, byte[] body) {
    Objects.requireNonNull(body, "body");
    if (body.length > maxBodyBytes) {
      return new WebhookResult(
          WebhookResult.Outcome.TOO_LARGE,
          "webhook body of "
              + body.length
              + " bytes is larger than the "
              + maxBodyBytes
              + " bytes a push notification needs; refused unread");
    }
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);

    WebhookSecret.Lookup lookup = secret.read();
    if (lookup.secret().isEmpty()) {
      return WebhookResult.unauthenticated(lookup.problem());
    }
    Optional<GitHost> host = GitHost.of(h);
    if (host.isEmpty()) {
      return WebhookResult.unauthenticated(
          h.containsKey("X-Hub-Signature")
              ? "webhook has only a SHA-1 signature (X-Hub-Signature); the agent accepts"
                  + " X-Hub-Signature-256, which GitHub sends when the webhook has a secret"
              : "webhook has no signature: expected X-Hub-Signature-256 (GitHub),"
                  + " X-Gitea-Signature or X-Forgejo-Signature (Gitea, Forgejo) or X-Gitlab-Token"
                  + " (GitLab); set the webhook's secret to the one in webhook_secret_file");
    }
    GitHost from = host.get();
    if (!from.authentic(h.get(from.proofHeader), body, lookup.secret().get())) {
      return WebhookResult.unauthenticated(
          from.displayName
              + " webhook has a wrong "
              + from.proofHeader
              + " for its body; the webhook's secret differs from the one in webhook_secret_file"
              + " (or the body was altered on the way)");
    }
    return route(from, h, body);
  }

  /** An authentic delivery: a push to the followed branch triggers, anything else is ignored. */
  private WebhookResult route(GitHost from, Map<String, String> h, byte[] body) {
    String event = h.getOrDefault(from.eventHeader, "").strip();
    String kind = event.toLowerCase(Locale.ROOT);
    if (kind.equals("ping")) {
      return WebhookResult.ignored(
          from.displayName
              + " ping received and authenticated; pushes to "
              + branch
              + " will fetch");
    }
    boolean push = kind.isEmpty() || kind.equals("push") || kind.equals("push hook");
    if (!push) {
      return WebhookResult.ignored(
          from.displayName + " event '" + event + "' is not a push; only pushes trigger a fetch");
    }
    Optional<String> ref;
    try {
      ref = ref(body);
    } catch (IOException e) {
      return WebhookResult.invalid(e.getMessage());
    }
    if (ref.isEmpty()) {
      return WebhookResult.invalid(
          from.displayName + " push webhook has no \"ref\" string in its JSON body");
    }
    String r = ref.get();
    if (r.startsWith(TAG_PREFIX)) {
      return WebhookResult.ignored(
          "push of tag "
              + r.substring(TAG_PREFIX.length())
              + " ignored; the agent follows branch "
              + branch);
    }
    if (!r.equals(BRANCH_PREFIX + branch)) {
      return WebhookResult.ignored("push to " + r + " ignored; the agent follows branch " + branch);
    }
    trigger.requestFetch();
    return WebhookResult.triggered(from.displayName + " push to " + branch + ": fetch requested");
  }

  private Optional<String> ref(byte[] body) throws IOException {
    String start = new String(body, 0, Math.min(body.length, 16), StandardCharsets.UTF_8).strip();
    if (start.startsWith("payload=")) {
      throw new IOException(
          "webhook body is form-encoded; set the webhook's content type to application/json");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      String at =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new IOException(
          "webhook body is not valid JSON ("
              + e.getOriginalMessage()
              + at
              + "); set the webhook's content type to application/json",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException("webhook body is not a JSON object");
    }
    JsonNode ref = root.get("ref");
    return ref != null && ref.isTextual() ? Optional.of(ref.asText()) : Optional.empty();
  }
}
