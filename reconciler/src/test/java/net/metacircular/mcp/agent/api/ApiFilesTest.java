package net.metacircular.mcp.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.metacircular.mcp.schema.api.FileWritten;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PUT}/{@code GET /v1/services/{svc}/files/{path}}: inside the service's folder only. */
class ApiFilesTest {
  @TempDir Path root;
  private ApiTestAgent a;
  private Path outside;

  @BeforeEach
  void setUp() throws Exception {
    a = new ApiTestAgent(root, ApiTestAgent.Setup.inMemory("filesnode"));
    outside = Files.createDirectories(root.resolve("outside"));
    Files.createDirectories(a.servicesRoot.resolve("app"));
  }

  @AfterEach
  void tearDown() {
    a.close();
  }

  private HttpResponse<String> put(String rawPath, String content) {
    return a.put("/v1/services/app/files/" + rawPath, content.getBytes(StandardCharsets.UTF_8));
  }

  private List<Path> everythingUnder(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).toList();
    }
  }

  @Test
  void writesAtomicallyCreatingFoldersAndReadsBack() throws Exception {
    HttpResponse<String> r = put("certs/cert.pem", "PEM DATA\n");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    FileWritten w = a.read(r, FileWritten.class);
    assertThat(w.path()).isEqualTo("certs/cert.pem");
    assertThat(w.size()).isEqualTo(9);
    assertThat(w.mode()).isEqualTo("rw-------");
    assertThat(w.sha256()).isEqualTo(TokenHash.hex("PEM DATA\n"));
    Path file = a.servicesRoot.resolve("app/certs/cert.pem");
    assertThat(Files.readString(file)).isEqualTo("PEM DATA\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    // An existing file keeps its mode; no temporary file is left behind.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    HttpResponse<String> again = put("certs/cert.pem", "NEW\n");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(Files.readString(file)).isEqualTo("NEW\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    assertThat(everythingUnder(a.servicesRoot.resolve("app")))
        .containsExactlyInAnyOrder(a.servicesRoot.resolve("app/certs"), file);

    HttpResponse<String> got = a.get("/v1/services/app/files/certs/cert.pem");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("NEW\n");
    assertThat(got.headers().firstValue("Content-Type")).contains("application/octet-stream");

    // A name with a space and UTF-8, percent-encoded.
    assertThat(put("caf%C3%A9%20menu.txt", "x").statusCode()).isEqualTo(201);
    assertThat(Files.readString(a.servicesRoot.resolve("app/café menu.txt"))).isEqualTo("x");

    a.assertError(a.get("/v1/services/app/files/missing.txt"), 404, "NOT_FOUND");
    a.assertError(a.get("/v1/services/app/files/nofolder/missing.txt"), 404, "NOT_FOUND");
    a.assertError(a.get("/v1/services/other/files/x"), 404, "NOT_FOUND");
    a.assertError(a.get("/v1/services/app/files/certs"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void aNewServiceFolderIsCreated() throws Exception {
    assertThat(
            a.put("/v1/services/newsvc/files/app.toml", "a = 1\n".getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(201);
    assertThat(Files.readString(a.servicesRoot.resolve("newsvc/app.toml"))).isEqualTo("a = 1\n");
  }

  @Test
  void pathsLeavingTheServiceFolderAreRefusedAndNothingIsWritten() throws Exception {
    Files.writeString(a.servicesRoot.resolve("victim.txt"), "keep");
    Files.createDirectories(a.servicesRoot.resolve("other"));
    Files.createSymbolicLink(a.servicesRoot.resolve("app/out"), outside);
    Files.createSymbolicLink(a.servicesRoot.resolve("app/outfile"), outside.resolve("f.txt"));
    Files.writeString(outside.resolve("f.txt"), "outside");
    Files.createSymbolicLink(a.servicesRoot.resolve("app/up"), a.servicesRoot.resolve("other"));

    List<String> attempts =
        List.of(
            "../victim.txt",
            "../other/x.txt",
            "a/../../victim.txt",
            "%2e%2e/victim.txt",
            "%2e%2e%2fvictim.txt",
            "..%2fvictim.txt",
            "%2E%2E%2F%2E%2E%2Foutside%2Fx.txt",
            "./x.txt",
            "a//b.txt",
            "/etc/passwd",
            "%2fetc%2fpasswd",
            "x%00.txt",
            "x%0a.txt",
            "out/x.txt",
            "outfile",
            "up/x.txt");
    for (String attempt : attempts) {
      HttpResponse<String> r = put(attempt, "pwned");
      assertThat(r.statusCode()).as(attempt + " → " + r.body()).isIn(400, 404);
      if (r.statusCode() == 400) {
        a.assertError(r, 400, "INVALID_ARGUMENT");
      }
      HttpResponse<String> g = a.get("/v1/services/app/files/" + attempt);
      assertThat(g.statusCode()).as("GET " + attempt + " → " + g.body()).isIn(400, 404);
      assertThat(g.body()).doesNotContain("outside").doesNotContain("keep");
    }
    // The ones that reach the API at all are refused by it with INVALID_ARGUMENT.
    for (String attempt :
        List.of("%2e%2e%2fvictim.txt", "..%2fvictim.txt", "x%00.txt", "out/x.txt", "outfile")) {
      a.assertError(put(attempt, "pwned"), 400, "INVALID_ARGUMENT");
    }
    assertThat(Files.readString(a.servicesRoot.resolve("victim.txt"))).isEqualTo("keep");
    assertThat(everythingUnder(outside)).containsExactly(outside.resolve("f.txt"));
    assertThat(Files.readString(outside.resolve("f.txt"))).isEqualTo("outside");
    assertThat(everythingUnder(a.servicesRoot.resolve("other"))).isEmpty();
    assertThat(everythingUnder(a.servicesRoot.resolve("app")))
        .containsExactlyInAnyOrder(
            a.servicesRoot.resolve("app/out"),
            a.servicesRoot.resolve("app/outfile"),
            a.servicesRoot.resolve("app/up"));
  }

  @Test
  void aDanglingSymlinkIsRefusedByNameNotAnInternalError() throws Exception {
    Files.createSymbolicLink(a.servicesRoot.resolve("app/gone"), outside.resolve("nothing"));
    Files.createSymbolicLink(a.servicesRoot.resolve("app/gonedir"), outside.resolve("nodir"));

    for (String attempt : List.of("gone", "gonedir/x.txt")) {
      HttpResponse<String> r = put(attempt, "data");
      a.assertError(r, 400, "INVALID_ARGUMENT");
      assertThat(r.body()).contains("is a dangling symlink");
    }
    assertThat(everythingUnder(outside)).isEmpty();
  }

  @Test
  void aBackslashInAPathIsNamedAsSuch() throws Exception {
    HttpResponse<String> r = put("a%5c..%5cb.txt", "data");
    a.assertError(r, 400, "INVALID_ARGUMENT");
    assertThat(r.body()).contains("backslash").doesNotContain("slash (%2f)");
  }

  @Test
  void aSymlinkInsideTheFolderIsFollowed() throws Exception {
    Path real = Files.createDirectories(a.servicesRoot.resolve("app/real"));
    Files.createSymbolicLink(a.servicesRoot.resolve("app/alias"), real);
    assertThat(put("alias/x.txt", "ok").statusCode()).isEqualTo(201);
    assertThat(Files.readString(real.resolve("x.txt"))).isEqualTo("ok");
    assertThat(a.get("/v1/services/app/files/alias/x.txt").body()).isEqualTo("ok");
  }

  @Test
  void oversizedBodiesAreRefused() throws Exception {
    byte[] big = new byte[(16 << 20) + 1];
    Arrays.fill(big, (byte) 'x');
    HttpResponse<String> r = a.put("/v1/services/app/files/big.bin", big);
    a.assertError(r, 413, "INVALID_ARGUMENT");
    assertThat(everythingUnder(a.servicesRoot.resolve("app"))).isEmpty();

    byte[] exactly = new byte[16 << 20];
    assertThat(a.put("/v1/services/app/files/ok.bin", exactly).statusCode()).isEqualTo(201);
    assertThat(Files.size(a.servicesRoot.resolve("app/ok.bin"))).isEqualTo(16 << 20);

    // JSON bodies are limited to 1 MiB.
    String json = "{\"component\": \"" + "a".repeat(1 << 20) + "\"}";
    a.assertError(a.post("/v1/services/app/deploy", json), 413, "INVALID_ARGUMENT");
  }
}
