package net.metacircular.mcp.agent.source;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.metacircular.mcp.agent.testing.Executables;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code git http-backend} behind a real nginx (TLS with a self-signed certificate, basic auth) and
 * fcgiwrap, each with its own config and temp prefix, for one test. Repositories under {@code
 * projectRoot} are served at {@code https://127.0.0.1:<port>/git/<name>}.
 */
final class HttpsGitServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process fcgiwrap;
  private Process nginx;

  HttpsGitServer(Path dir, Path projectRoot, String user, String token) {
    this.dir = dir;
    this.port = Proc.freePort();
    Executables bin = Executables.system();
    try {
      Files.createDirectories(dir.resolve("tmp"));
      Proc.run(
          dir,
          Map.of(),
          List.of(
              bin.require("openssl").toString(),
              "req",
              "-x509",
              "-newkey",
              "rsa:2048",
              "-nodes",
              "-keyout",
              "key.pem",
              "-out",
              "cert.pem",
              "-days",
              "2",
              "-subj",
              "/CN=127.0.0.1",
              "-addext",
              "subjectAltName=IP:127.0.0.1,DNS:localhost"));
      String hash =
          Proc.run(
                  dir,
                  Map.of(),
                  List.of(bin.require("openssl").toString(), "passwd", "-apr1", token))
              .strip();
      Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n");
      Path socket = dir.resolve("fcgi.sock");
      Path backend =
          Path.of(Proc.run(dir, Map.of(), List.of("git", "--exec-path")).strip())
              .resolve("git-http-backend");
      boolean root = "root".equals(System.getProperty("user.name"));
      Files.writeString(
          dir.resolve("nginx.conf"),
          String.join(
              "\n",
              "daemon off;",
              "worker_processes 1;",
              root ? "user root;" : "",
              "pid " + dir.resolve("nginx.pid") + ";",
              "error_log " + dir.resolve("error.log") + " info;",
              "events { worker_connections 64; }",
              "http {",
              "  access_log " + dir.resolve("access.log") + ";",
              "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
              "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";",
              "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";",
              "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";",
              "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
              "  server {",
              "    listen 127.0.0.1:" + port + " ssl;",
              "    ssl_certificate " + dir.resolve("cert.pem") + ";",
              "    ssl_certificate_key " + dir.resolve("key.pem") + ";",
              "    location ~ ^/git(?<gitpath>/.*)$ {",
              "      auth_basic \"git\";",
              "      auth_basic_user_file " + dir.resolve("htpasswd") + ";",
              "      fastcgi_pass unix:" + socket + ";",
              "      fastcgi_param SCRIPT_FILENAME " + backend + ";",
              "      fastcgi_param GIT_PROJECT_ROOT " + projectRoot + ";",
              "      fastcgi_param GIT_HTTP_EXPORT_ALL \"\";",
              "      fastcgi_param PATH_INFO $gitpath;",
              "      fastcgi_param REMOTE_USER $remote_user;",
              "      fastcgi_param QUERY_STRING $query_string;",
              "      fastcgi_param REQUEST_METHOD $request_method;",
              "      fastcgi_param CONTENT_TYPE $content_type;",
              "      fastcgi_param CONTENT_LENGTH $content_length;",
              "      fastcgi_param HTTP_GIT_PROTOCOL $http_git_protocol;",
              "    }",
              "  }",
              "}",
              ""));
      fcgiwrap =
          Proc.start(
              dir,
              List.of(bin.require("fcgiwrap").toString(), "-s", "unix:" + socket),
              dir.resolve("fcgiwrap.log"));
      Process started = fcgiwrap;
      try {
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> Files.exists(socket) || !started.isAlive());
      } catch (ConditionTimeoutException e) {
        // Reported below, with fcgiwrap's log.
      }
      if (!Files.exists(socket)) {
        throw new AssertionError(
            "fcgiwrap did not start: " + Proc.read(dir.resolve("fcgiwrap.log")));
      }
      nginx =
          Proc.start(
              dir,
              List.of(
                  bin.require("nginx").toString(),
                  "-e",
                  dir.resolve("error.log").toString(),
                  "-p",
                  dir.toString(),
                  "-c",
                  dir.resolve("nginx.conf").toString()),
              dir.resolve("nginx.out"));
      Proc.awaitPort(port, nginx, dir.resolve("error.log"), Duration.ofSeconds(15));
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | AssertionError e) {
      close();
      throw e;
    }
  }

  String url(String repoName) {
    return "https://127.0.0.1:" + port + "/git/" + repoName;
  }

  /** The self-signed certificate: the CA file to trust. */
  Path certificate() {
    return dir.resolve("cert.pem");
  }

  String errorLog() {
    return Proc.read(dir.resolve("error.log"));
  }

  @Override
  public void close() {
    Proc.stop(nginx);
    Proc.stop(fcgiwrap);
  }
}
