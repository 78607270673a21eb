package net.metacircular.mcp.agent.api;

import static net.metacircular.mcp.agent.api.ApiTestAgent.ADMIN;
import static net.metacircular.mcp.agent.api.ApiTestAgent.READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.schema.api.PolicyResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what: no podman is involved, so the endpoints used are the registry-only ones ({@code
 * GET /v1/services}, {@code POST /v1/snapshot}) and the public ones.
 */
class ApiAuthTest {
  @TempDir Path root;

  private ApiTestAgent agent(ApiTestAgent.Setup setup) throws Exception {
    return new ApiTestAgent(root, setup);
  }

  private static ApiTestAgent.Setup local() {
    return ApiTestAgent.Setup.inMemory("authnode");
  }

  @Test
  void tokensFileMatrix() throws Exception {
    try (ApiTestAgent a = agent(local())) {
      a.assertError(a.get("/v1/services", null), 401, "UNAUTHENTICATED");
      a.assertError(
          a.send(a.request("/v1/services", null).header("Authorization", "Basic YWxpY2U6eA==")),
          401,
          "UNAUTHENTICATED");
      a.assertError(a.get("/v1/services", "wrong-token"), 401, "UNAUTHENTICATED");
      a.assertError(a.get("/v1/services", ADMIN + "x"), 401, "UNAUTHENTICATED");

      assertThat(a.get("/v1/services", READ).statusCode()).isEqualTo(200);
      assertThat(a.get("/v1/services", ADMIN).statusCode()).isEqualTo(200);

      HttpResponse<String> denied = a.post("/v1/snapshot", "", READ);
      a.assertError(denied, 403, "PERMISSION_DENIED");
      assertThat(denied.body()).contains("bob").doesNotContain(READ);
      a.assertError(a.post("/v1/snapshot", "", null), 401, "UNAUTHENTICATED");
      a.assertError(
          a.send(
              a.request("/v1/services/x/files/a.txt", READ)
                  .PUT(HttpRequest.BodyPublishers.ofString("x"))),
          403,
          "PERMISSION_DENIED");
      assertThat(a.post("/v1/snapshot", "", ADMIN).statusCode()).isEqualTo(200);
      assertThat(Files.exists(a.servicesRoot.resolve("x/a.txt"))).isFalse();
    }
  }

  @Test
  void whoamiSaysWhoTheTokenIsAndWhatItMayDo() throws Exception {
    try (ApiTestAgent a = agent(local())) {
      HttpResponse<String> read = a.get("/v1/whoami", READ);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(a.tree(read).path("name").asText()).isEqualTo("bob");
      assertThat(a.tree(read).path("role").asText()).isEqualTo("read");
      assertThat(a.tree(read).path("via").asText()).isEqualTo("tokens-file");
      assertThat(a.tree(a.get("/v1/whoami", ADMIN)).path("role").asText()).isEqualTo("admin");
      a.assertError(a.get("/v1/whoami", "wrong-token"), 401, "UNAUTHENTICATED");
    }
  }

  @Test
  void policyTellsAReadOrAdminTokenWhatTheAgentAllowsInServiceFiles() throws Exception {
    Path extra = root.resolve("shared");
    try (ApiTestAgent a =
        agent(
            local()
                .reconcile(
                    "allowed_volume_roots = [\"" + extra + "\"]\nallow_host_network = true\n"))) {
      for (String token : new String[] {READ, ADMIN}) {
        HttpResponse<String> r = a.get("/v1/policy", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        PolicyResponse p = a.read(r, PolicyResponse.class);
        assertThat(p.node()).isEqualTo("authnode");
        assertThat(p.servicesRoot()).isEqualTo(a.servicesRoot.toString()).isNotEqualTo("/srv");
        assertThat(p.allowedVolumeRoots()).containsExactly(extra.toString());
        assertThat(p.allowHostNetwork()).isTrue();
      }
      assertThat(a.get("/v1/policy", READ).body()).contains("\"services_root\"");
      a.assertError(a.get("/v1/policy", null), 401, "UNAUTHENTICATED");
      a.assertError(a.get("/v1/policy", "wrong-token"), 401, "UNAUTHENTICATED");
    }
  }

  @Test
  void anUnknownTokenIsToldToMakeOneWhenTheAgentHasATokensFile() throws Exception {
    try (ApiTestAgent a = agent(local())) {
      HttpResponse<String> r = a.get("/v1/services", "wrong-token");
      a.assertError(r, 401, "UNAUTHENTICATED");
      assertThat(a.tree(r).path("message").asText())
          .contains("not in this agent's tokens file")
          .contains("mcp-agent token new --role admin")
          .doesNotContain("MCIAS");
    }
  }

  @Test
  void anUnknownTokenIsToldToAskMciasWhenTheAgentUsesIt() throws Exception {
    try (McIasStub mcias = new McIasStub();
        ApiTestAgent a = agent(local().auth("mcias_url = \"" + mcias.url() + "\"\n"))) {
      HttpResponse<String> r = a.get("/v1/services", "m-unknown");
      a.assertError(r, 401, "UNAUTHENTICATED");
      assertThat(a.tree(r).path("message").asText())
          .contains("MCIAS (mcias_url in the agent's config) does not accept it")
          .doesNotContain("tokens file")
          .doesNotContain("mcp-agent token new");
      mcias.answers.put("m-read", "{\"valid\":true,\"username\":\"viewer\",\"roles\":[]}");
      JsonNode who = a.tree(a.get("/v1/whoami", "m-read"));
      assertThat(who.path("name").asText()).isEqualTo("viewer");
      assertThat(who.path("role").asText()).isEqualTo("read");
      assertThat(who.path("via").asText()).isEqualTo("mcias");
    }
  }

  @Test
  void anUnknownTokenIsToldBothWaysWhenTheAgentTakesBoth() throws Exception {
    try (McIasStub mcias = new McIasStub();
        ApiTestAgent a =
            agent(
                local()
                    .auth(
                        "mcias_url = \""
                            + mcias.url()
                            + "\"\ntokens_file = \""
                            + root.resolve("tokens")
                            + "\"\n"))) {
      HttpResponse<String> r = a.get("/v1/services", "m-unknown");
      a.assertError(r, 401, "UNAUTHENTICATED");
      assertThat(a.tree(r).path("message").asText())
          .contains("not in this agent's tokens file")
          .contains("MCIAS")
          .contains("mcp-agent token new")
          .contains(", or get a new one from MCIAS");
    }
  }

  @Test
  void publicEndpointsNeedNoToken() throws Exception {
    try (ApiTestAgent a = agent(local())) {
      HttpResponse<String> health = a.get("/healthz", null);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(a.tree(health).path("status").asText()).isEqualTo("ok");
      assertThat(a.get("/metrics", null).statusCode()).isEqualTo(200);
      a.assertError(a.post("/v1/webhook", "{}", null), 404, "NOT_FOUND");
      assertThat(a.post("/v1/webhook", "{}", null).body()).contains("webhooks are not configured");
    }
  }

  @Test
  void metricsNeedATokenWhenNotPublic() throws Exception {
    try (ApiTestAgent a = agent(local().publicMetrics(false))) {
      a.assertError(a.get("/metrics", null), 401, "UNAUTHENTICATED");
      assertThat(a.get("/metrics", READ).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aChangedTokensFileIsReadAgain() throws Exception {
    try (ApiTestAgent a = agent(local())) {
      String carol = "carol-token-abcdef";
      a.assertError(a.get("/v1/services", carol), 401, "UNAUTHENTICATED");
      Files.writeString(
          a.tokens, TokenHash.hex(carol) + " admin carol\n", StandardOpenOption.APPEND);
      assertThat(a.get("/v1/services", carol).statusCode()).isEqualTo(200);
      assertThat(a.post("/v1/snapshot", "", carol).statusCode()).isEqualTo(200);

      Files.writeString(a.tokens, "# everyone revoked\nnot-a-hash admin mallory\n");
      a.assertError(a.get("/v1/services", carol), 401, "UNAUTHENTICATED");
      a.assertError(a.get("/v1/services", ADMIN), 401, "UNAUTHENTICATED");
    }
  }

  @Test
  void noAuthConfiguredRefusesEveryProtectedRequest() throws Exception {
    try (ApiTestAgent a = agent(local().auth("# none\n"))) {
      HttpResponse<String> r = a.get("/v1/services", ADMIN);
      a.assertError(r, 401, "UNAUTHENTICATED");
      assertThat(r.body()).contains("neither tokens_file nor mcias_url");
      assertThat(a.get("/healthz", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void mciasValidatesTokensWithRolesAndCachesBriefly() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
    try (McIasStub mcias = new McIasStub();
        ApiTestAgent a =
            agent(
                local()
                    .auth("mcias_url = \"" + mcias.url() + "\"\n")
                    .options(
                        o ->
                            new ApiOptions(
                                clock,
                                o.certCheckInterval(),
                                o.webhook(),
                                o.snapshotsKept(),
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(2),
                                o.mciasClient(),
                                o.waitTimeout(),
                                o.limits())))) {
      mcias.answers.put(
          "m-admin", "{\"valid\":true,\"username\":\"vade\",\"roles\":[\"mcp:admin\"]}");
      mcias.answers.put("m-admin2", "{\"valid\":true,\"sub\":\"ops\",\"role\":\"admin\"}");
      mcias.answers.put("m-read", "{\"valid\":true,\"username\":\"viewer\",\"roles\":[\"user\"]}");
      mcias.answers.put("m-expired", "{\"valid\":false}");

      assertThat(a.get("/v1/services", "m-admin").statusCode()).isEqualTo(200);
      assertThat(a.post("/v1/snapshot", "", "m-admin").statusCode()).isEqualTo(200);
      assertThat(a.post("/v1/snapshot", "", "m-admin2").statusCode()).isEqualTo(200);
      assertThat(a.get("/v1/services", "m-read").statusCode()).isEqualTo(200);
      a.assertError(a.post("/v1/snapshot", "", "m-read"), 403, "PERMISSION_DENIED");
      a.assertError(a.get("/v1/services", "m-expired"), 401, "UNAUTHENTICATED");
      a.assertError(a.get("/v1/services", "m-unknown"), 401, "UNAUTHENTICATED");
      // The tokens file is not configured here: its tokens mean nothing.
      a.assertError(a.get("/v1/services", ADMIN), 401, "UNAUTHENTICATED");

      // Positive answers are cached: no call within the TTL, a new one after.
      int before = mcias.calls.get();
      assertThat(a.get("/v1/services", "m-admin").statusCode()).isEqualTo(200);
      assertThat(mcias.calls.get()).isEqualTo(before);
      clock.advance(Duration.ofSeconds(31));
      assertThat(a.get("/v1/services", "m-admin").statusCode()).isEqualTo(200);
      assertThat(mcias.calls.get()).isEqualTo(before + 1);

      // Revoked in MCIAS: refused once the cached answer expires.
      mcias.answers.remove("m-admin");
      clock.advance(Duration.ofSeconds(31));
      a.assertError(a.get("/v1/services", "m-admin"), 401, "UNAUTHENTICATED");

      // MCIAS failing: refused (fail closed), even for a token never seen.
      mcias.failWith = 500;
      HttpResponse<String> failing = a.get("/v1/services", "m-read2");
      a.assertError(failing, 503, "UNAVAILABLE");
      assertThat(failing.body()).contains("MCIAS");
    }
  }

  @Test
  void mciasDownRefusesAndTheLocalFileStillWorks() throws Exception {
    McIasStub mcias = new McIasStub();
    String url = mcias.url();
    mcias.close();
    try (ApiTestAgent a =
        agent(
            local()
                .auth(
                    "mcias_url = \""
                        + url
                        + "\"\ntokens_file = \""
                        + root.resolve("tokens")
                        + "\"\n"))) {
      HttpResponse<String> r = a.get("/v1/services", "some-mcias-token");
      a.assertError(r, 503, "UNAVAILABLE");
      assertThat(r.body()).contains("unreachable").doesNotContain("some-mcias-token");
      assertThat(a.get("/v1/services", ADMIN).statusCode()).isEqualTo(200);
      a.assertError(a.post("/v1/snapshot", "", READ), 403, "PERMISSION_DENIED");
    }
  }

  @Test
  void unknownRoutesAndWrongMethodsAnswerJson() throws Exception {
    try (ApiTestAgent a = agent(local())) {
      a.assertError(a.get("/v1/nope"), 404, "NOT_FOUND");
      a.assertError(a.get("/nope", null), 404, "NOT_FOUND");
      HttpResponse<String> wrong = a.post("/v1/services", "{}");
      assertThat(wrong.statusCode()).isEqualTo(405);
      a.assertError(wrong, 405, "INVALID_ARGUMENT");
      assertThat(wrong.headers().firstValue("Allow"))
          .hasValueSatisfying(allow -> assertThat(allow).contains("GET").doesNotContain("POST"));
      a.assertError(a.get("/v1/services/Not_A_Name"), 400, "INVALID_ARGUMENT");
      a.assertError(a.get("/v1/services/nosuch"), 404, "NOT_FOUND");
    }
  }
}
