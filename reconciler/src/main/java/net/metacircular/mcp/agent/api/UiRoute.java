package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /ui/}: the read-only status page, its script and its style, served from the agent's
 * jar (no CDN: it works on a node without internet). The page itself needs no token: it asks for
 * one and sends it as a bearer header to the API. Its Content-Security-Policy allows scripts,
 * styles and connections from the agent only, and no inline script or handler; nothing may frame
 * it.
 */
final class UiRoute {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private record Asset(String contentType, byte[] bytes) {}

  private final Map<String, Asset> assets =
      Map.of(
          "index.html", load("index.html", "text/html; charset=utf-8"),
          "app.js", load("app.js", "text/javascript; charset=utf-8"),
          "app.css", load("app.css", "text/css; charset=utf-8"));

  void page(Context ctx) {
    send(ctx, assets.get("index.html"));
  }

  void asset(Context ctx) {
    Asset a = assets.get(ctx.pathParam("file"));
    if (a == null) {
      throw ApiException.notFound(
          "no file " + ctx.pathParam("file") + " in the status page; it is at /ui/");
    }
    send(ctx, a);
  }

  private static void send(Context ctx, Asset a) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(a.contentType());
    ctx.result(a.bytes());
  }

  private static Asset load(String name, String contentType) {
    try (InputStream in =
        UiRoute.class.getResourceAsStream("/net/metacircular/mcp/agent/ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the status page's " + name + " is missing from the jar");
      }
      return new Asset(contentType, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
