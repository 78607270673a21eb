package net.metacircular.mcp.agent.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import net.metacircular.mcp.agent.webhook.WebhookResult.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookHandlerTest {
  private static final String SECRET = "s3cret-shared-with-the-host";
  private static final byte[] PUSH_MAIN = push("refs/heads/main");

  @TempDir Path tmp;
  private Path secretFile;
  private final AtomicInteger fetches = new AtomicInteger();
  private WebhookHandler handler;

  @BeforeEach
  void setUp() throws Exception {
    // Trailing whitespace and newline, as `echo secret > file` leaves them, are trimmed.
    secretFile = Files.writeString(tmp.resolve("webhook-secret"), "  " + SECRET + "\n");
    handler = new WebhookHandler(Optional.of(secretFile), "main", fetches::incrementAndGet);
  }

  static byte[] push(String ref) {
    return ("{\"ref\":\"" + ref + "\",\"before\":\"0000\",\"after\":\"1a2b\",\"commits\":[]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String hmacHex(String secret, byte[] body) {
    return HexFormat.of()
        .formatHex(GitHost.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  static Map<String, String> github(String event, byte[] body) {
    return Map.of(
        "x-github-event", event, "X-Hub-Signature-256", "sha256=" + hmacHex(SECRET, body));
  }

  @Test
  void githubPushToTheBranchTriggersAFetch() {
    WebhookResult result = handler.handle(github("push", PUSH_MAIN), PUSH_MAIN);

    assertThat(result.outcome()).isEqualTo(Outcome.TRIGGERED);
    assertThat(result.reason()).isEqualTo("GitHub push to main: fetch requested");
    assertThat(fetches).hasValue(1);
  }

  @Test
  void headerNamesAreMatchedWhateverTheirCase() {
    Map<String, String> headers =
        Map.of(
            "X-GITHUB-EVENT",
            "push",
            "x-hub-signature-256",
            "sha256=" + hmacHex(SECRET, PUSH_MAIN));

    assertThat(handler.handle(headers, PUSH_MAIN).triggered()).isTrue();
  }

  @Test
  void giteaPushTriggersAFetch() {
    Map<String, String> headers =
        Map.of("X-Gitea-Event", "push", "X-Gitea-Signature", hmacHex(SECRET, PUSH_MAIN));

    WebhookResult result = handler.handle(headers, PUSH_MAIN);

    assertThat(result.reason()).isEqualTo("Gitea push to main: fetch requested");
    assertThat(fetches).hasValue(1);
  }

  @Test
  void forgejoPushTriggersAFetch() {
    Map<String, String> headers =
        Map.of("X-Forgejo-Event", "push", "X-Forgejo-Signature", hmacHex(SECRET, PUSH_MAIN));

    assertThat(handler.handle(headers, PUSH_MAIN).reason())
        .isEqualTo("Forgejo push to main: fetch requested");
    assertThat(fetches).hasValue(1);
  }

  @Test
  void gitlabPushTriggersAFetch() {
    Map<String, String> headers = Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET);

    assertThat(handler.handle(headers, PUSH_MAIN).reason())
        .isEqualTo("GitLab push to main: fetch requested");
    assertThat(fetches).hasValue(1);
  }

  @Test
  void aWrongGithubSignatureIsRefused() {
    Map<String, String> headers =
        Map.of(
            "X-GitHub-Event",
            "push",
            "X-Hub-Signature-256",
            "sha256=" + hmacHex("another-secret", PUSH_MAIN));

    WebhookResult result = handler.handle(headers, PUSH_MAIN);

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(result.outcome().httpStatus()).isEqualTo(401);
    assertThat(result.reason())
        .isEqualTo(
            "GitHub webhook has a wrong X-Hub-Signature-256 for its body; the webhook's secret"
                + " differs from the one in webhook_secret_file (or the body was altered on the"
                + " way)");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aSignatureOfAnotherBodyIsRefused() {
    byte[] other = push("refs/heads/other");
    Map<String, String> headers = github("push", other);

    assertThat(handler.handle(headers, PUSH_MAIN).outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void malformedSignaturesAreRefused() {
    for (String bad :
        new String[] {"", "sha256=", "sha256=zz", "sha1=abcd", hmacHex(SECRET, PUSH_MAIN)}) {
      Map<String, String> headers = Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", bad);
      assertThat(handler.handle(headers, PUSH_MAIN).outcome())
          .as("signature '%s'", bad)
          .isEqualTo(Outcome.UNAUTHENTICATED);
    }
    assertThat(
            handler
                .handle(
                    Map.of("X-Gitea-Signature", "sha256=" + hmacHex(SECRET, PUSH_MAIN)), PUSH_MAIN)
                .outcome())
        .isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aWrongGitlabTokenIsRefused() {
    Map<String, String> headers = Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "guess");

    WebhookResult result = handler.handle(headers, PUSH_MAIN);

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(result.reason()).startsWith("GitLab webhook has a wrong X-Gitlab-Token");
    assertThat(result.reason()).doesNotContain(SECRET).doesNotContain("guess");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aMissingSignatureIsRefused() {
    WebhookResult result = handler.handle(Map.of("X-GitHub-Event", "push"), PUSH_MAIN);

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(result.reason())
        .startsWith("webhook has no signature: expected X-Hub-Signature-256");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aSha1OnlySignatureIsRefusedWithTheReason() {
    WebhookResult result =
        handler.handle(Map.of("X-GitHub-Event", "push", "X-Hub-Signature", "sha1=00"), PUSH_MAIN);

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(result.reason()).contains("only a SHA-1 signature");
  }

  @Test
  void aPushToAnotherBranchIsIgnored() {
    byte[] body = push("refs/heads/feature");

    WebhookResult result = handler.handle(github("push", body), body);

    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(result.reason())
        .isEqualTo("push to refs/heads/feature ignored; the agent follows branch main");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aTagPushIsIgnored() {
    byte[] body = push("refs/tags/v1.0");

    WebhookResult result = handler.handle(github("push", body), body);

    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(result.reason())
        .isEqualTo("push of tag v1.0 ignored; the agent follows branch main");
    Map<String, String> gitlabTag =
        Map.of("X-Gitlab-Event", "Tag Push Hook", "X-Gitlab-Token", SECRET);
    assertThat(handler.handle(gitlabTag, body).outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aPingIsAcceptedWithoutAFetch() {
    byte[] body =
        "{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}".getBytes(StandardCharsets.UTF_8);

    WebhookResult result = handler.handle(github("ping", body), body);

    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(result.reason())
        .isEqualTo("GitHub ping received and authenticated; pushes to main will fetch");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aPingWithAWrongSignatureIsStillRefused() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Map.of("X-GitHub-Event", "ping", "X-Hub-Signature-256", "sha256=00");

    assertThat(handler.handle(headers, body).outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
  }

  @Test
  void otherEventsAreIgnored() {
    byte[] body = "{\"action\":\"opened\"}".getBytes(StandardCharsets.UTF_8);

    WebhookResult result = handler.handle(github("pull_request", body), body);

    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(result.reason())
        .isEqualTo("GitHub event 'pull_request' is not a push; only pushes trigger a fetch");
  }

  @Test
  void malformedJsonIsRefusedClearly() {
    byte[] body = "{\"ref\": refs/heads/main}".getBytes(StandardCharsets.UTF_8);

    WebhookResult result = handler.handle(github("push", body), body);

    assertThat(result.outcome()).isEqualTo(Outcome.INVALID);
    assertThat(result.outcome().httpStatus()).isEqualTo(400);
    assertThat(result.reason())
        .startsWith("webhook body is not valid JSON (")
        .contains("line 1, column")
        .endsWith("; set the webhook's content type to application/json");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aFormEncodedBodyIsRefusedWithTheFix() {
    byte[] body = "payload=%7B%22ref%22%7D".getBytes(StandardCharsets.UTF_8);

    WebhookResult result = handler.handle(github("push", body), body);

    assertThat(result.outcome()).isEqualTo(Outcome.INVALID);
    assertThat(result.reason())
        .isEqualTo(
            "webhook body is form-encoded; set the webhook's content type to application/json");
  }

  @Test
  void aPushWithoutARefIsRefused() {
    byte[] body = "{\"after\":\"1a2b\"}".getBytes(StandardCharsets.UTF_8);

    WebhookResult result = handler.handle(github("push", body), body);

    assertThat(result.outcome()).isEqualTo(Outcome.INVALID);
    assertThat(result.reason())
        .isEqualTo("GitHub push webhook has no \"ref\" string in its JSON body");
  }

  @Test
  void aBodyLargerThanTheBoundIsRefusedUnread() {
    byte[] big = new byte[WebhookHandler.DEFAULT_MAX_BODY_BYTES + 1];

    WebhookResult result = handler.handle(github("push", big), big);

    assertThat(result.outcome()).isEqualTo(Outcome.TOO_LARGE);
    assertThat(result.outcome().httpStatus()).isEqualTo(413);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void anEmptySecretFileRefusesEveryDelivery() throws Exception {
    Files.writeString(secretFile, " \n");

    WebhookResult result = handler.handle(github("push", PUSH_MAIN), PUSH_MAIN);

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(result.reason())
        .isEqualTo(
            "webhooks are refused: webhook_secret_file "
                + secretFile
                + " is empty; write the secret the git host's webhook uses into it");
    // An empty secret must not let an empty token or any signature pass.
    String emptyKeyed = "sha256=" + "0".repeat(64);
    assertThat(
            handler
                .handle(
                    Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", emptyKeyed), PUSH_MAIN)
                .outcome())
        .isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(handler.handle(Map.of("X-Gitlab-Token", ""), PUSH_MAIN).outcome())
        .isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aMissingSecretFileRefusesEveryDelivery() throws Exception {
    Files.delete(secretFile);

    WebhookResult result = handler.handle(github("push", PUSH_MAIN), PUSH_MAIN);

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(result.reason())
        .isEqualTo(
            "webhooks are refused: webhook_secret_file "
                + secretFile
                + " does not exist; create it with the secret the git host's webhook uses");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void noConfiguredSecretFileRefusesEveryDelivery() {
    WebhookHandler unconfigured =
        new WebhookHandler(Optional.empty(), "main", fetches::incrementAndGet);

    WebhookResult result = unconfigured.handle(github("push", PUSH_MAIN), PUSH_MAIN);

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    assertThat(result.reason())
        .startsWith("webhooks are refused: [source] webhook_secret_file is not set");
    assertThat(fetches).hasValue(0);
  }

  @Test
  void aRotatedSecretTakesEffectWithoutARestart() throws Exception {
    Files.writeString(secretFile, "rotated\n");
    Map<String, String> headers =
        Map.of(
            "X-GitHub-Event",
            "push",
            "X-Hub-Signature-256",
            "sha256=" + hmacHex("rotated", PUSH_MAIN));

    assertThat(handler.handle(headers, PUSH_MAIN).triggered()).isTrue();
    assertThat(handler.handle(github("push", PUSH_MAIN), PUSH_MAIN).outcome())
        .isEqualTo(Outcome.UNAUTHENTICATED);
  }

  @Test
  void noReasonEverShowsTheSecretOrASignature() throws Exception {
    String signature = hmacHex(SECRET, PUSH_MAIN);
    byte[] bad = "{not json".getBytes(StandardCharsets.UTF_8);
    for (WebhookResult result :
        new WebhookResult[] {
          handler.handle(github("push", PUSH_MAIN), PUSH_MAIN),
          handler.handle(github("push", bad), bad),
          handler.handle(Map.of("X-Hub-Signature-256", "sha256=" + signature), bad),
          handler.handle(Map.of("X-Gitlab-Token", SECRET + "x"), PUSH_MAIN),
        }) {
      assertThat(result.reason()).doesNotContain(SECRET).doesNotContain(signature);
      assertThat(result.toString()).doesNotContain(SECRET).doesNotContain(signature);
    }
  }
}
