package net.metacircular.mcp.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import net.metacircular.mcp.agent.registry.RegistryException;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.agent.runtime.PodmanTimeoutException;
import net.metacircular.mcp.agent.runtime.PodmanUnavailableException;
import net.metacircular.mcp.agent.source.SourceException;
import net.metacircular.mcp.schema.api.ApiError;
import net.metacircular.mcp.schema.api.ErrorCode;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code {"code": "...", "message": "..."}}: ours, Javalin's (no such
 * route, wrong method, body too large) and Jetty's own (bad URI, headers too large), which never
 * reach Javalin.
 */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  static void install(Javalin app) {
    app.exception(ApiException.class, (e, ctx) -> send(ctx, e.status(), e.code(), e.getMessage()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          if (e.getStatus() == 405) {
            // As HTTP asks of a 405 (RFC 9110, 15.5.6): the methods the path does take.
            allowed(e).ifPresent(methods -> ctx.header("Allow", methods));
          }
          send(ctx, e.getStatus(), codeFor(e.getStatus()), messageFor(e, ctx));
        });
    app.exception(Exception.class, (e, ctx) -> unexpected(ctx, e));
  }

  /** The methods Javalin found for the path (its 405's details), e.g. {@code GET, POST}. */
  private static Optional<String> allowed(HttpResponseException e) {
    String methods = e.getDetails().get("availableMethods");
    if (methods == null) {
      methods = e.getDetails().get("Available methods"); // Javalin's key when HTML is accepted
    }
    return Optional.ofNullable(methods).filter(m -> !m.isBlank());
  }

  private static String messageFor(HttpResponseException e, Context ctx) {
    return switch (e.getStatus()) {
      case 404 -> "no such endpoint: " + ctx.req().getMethod() + " " + ctx.path();
      // The method as sent: Javalin calls every method it does not know INVALID.
      case 405 -> "method " + ctx.req().getMethod() + " is not allowed on " + ctx.path();
      case 413 -> "the request body is too large";
      default -> e.getMessage();
    };
  }

  private static void unexpected(Context ctx, Exception e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    switch (t) {
      case ApiException a -> send(ctx, a.status(), a.code(), a.getMessage());
      // Jetty's refusals while a handler reads the body: too slow (408), malformed chunking (400).
      case BadMessageException b ->
          send(ctx, b.getCode(), codeFor(b.getCode()), "the request was refused: " + b.getReason());
      case PodmanUnavailableException p ->
          send(ctx, 503, ErrorCode.UNAVAILABLE, "podman is unavailable: " + p.getMessage());
      case PodmanTimeoutException p ->
          send(ctx, 503, ErrorCode.UNAVAILABLE, "podman timed out: " + p.getMessage());
      case PodmanException p -> {
        LOG.warn("{} {}: podman failed: {}", ctx.method(), ctx.path(), p.getMessage());
        send(ctx, 500, ErrorCode.INTERNAL, "podman failed: " + p.getMessage());
      }
      case SourceException s -> send(ctx, 503, ErrorCode.UNAVAILABLE, s.getMessage());
      case RegistryException r -> {
        LOG.warn("{} {}: registry failed: {}", ctx.method(), ctx.path(), r.getMessage());
        send(ctx, 500, ErrorCode.INTERNAL, r.getMessage());
      }
      default -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), t);
        send(
            ctx,
            500,
            ErrorCode.INTERNAL,
            "internal error (" + t.getClass().getSimpleName() + "); the agent's log has details");
      }
    }
  }

  static void send(Context ctx, int status, ErrorCode code, String message) {
    ctx.status(status).json(new ApiError(code, message));
  }

  static ErrorCode codeFor(int status) {
    return switch (status) {
      case 400, 405, 408, 413, 414, 431 -> ErrorCode.INVALID_ARGUMENT;
      case 401 -> ErrorCode.UNAUTHENTICATED;
      case 403 -> ErrorCode.PERMISSION_DENIED;
      case 404 -> ErrorCode.NOT_FOUND;
      case 409, 412 -> ErrorCode.FAILED_PRECONDITION;
      case 503 -> ErrorCode.UNAVAILABLE;
      default -> ErrorCode.INTERNAL;
    };
  }

  /** Jetty's errors outside Javalin (bad URIs, oversized headers), as JSON too. */
  static final class JettyJson extends ErrorHandler {
    private final ObjectMapper json;

    JettyJson(ObjectMapper json) {
      this.json = json;
    }

    private byte[] body(int status, String reason) {
      String standard = org.eclipse.jetty.http.HttpStatus.getMessage(status);
      String message =
          "the request was refused: "
              + (reason == null || reason.equals(standard) ? standard + hint(status) : reason);
      try {
        return json.writeValueAsBytes(new ApiError(codeFor(status), message));
      } catch (JsonProcessingException e) {
        return ("{\"code\":\"INTERNAL\",\"message\":\"error " + status + "\"}")
            .getBytes(StandardCharsets.UTF_8);
      }
    }

    /** Jetty often gives no reason: say at least where to look. */
    private static String hint(int status) {
      return status == 400
          ? " (the request line, its path or a header is malformed: e.g. a path with '..',"
              + " an encoded NUL or slash, or one that is not a path)"
          : "";
    }

    @Override
    protected void generateAcceptableResponse(
        Request baseRequest,
        HttpServletRequest request,
        HttpServletResponse response,
        int code,
        String message)
        throws IOException {
      baseRequest.setHandled(true);
      response.setContentType("application/json");
      response.getOutputStream().write(body(code, message));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json");
      return ByteBuffer.wrap(body(status, reason));
    }
  }
}
