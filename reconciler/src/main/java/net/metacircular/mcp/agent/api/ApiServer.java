package net.metacircular.mcp.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.reconcile.ReconcileListener;
import net.metacircular.mcp.agent.reconcile.ReconcileLoop;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTPS API. {@link #start} binds {@code [server] listen} with TLS 1.2+ from the PEM
 * files at {@code [server] cert} and {@code key} (re-read when they change) and serves the routes
 * of DESIGN.md's table. Requests never wait on the reconcile loop, except sync, deploy and restart
 * with {@code ?wait=true}.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** Request header limit (all headers together). */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private final AgentConfig config;
  private final ApiContext api;
  private final Javalin app;
  private final SslContextFactory.Server ssl = new SslContextFactory.Server();
  private final CertificateReloader reloader;
  private final ScheduledExecutorService timer;
  private final ExecutorService background;
  private final EventSignal eventSignal = new EventSignal();
  // The end of each reconcile cycle: a deploy waiting for its health gate reads the state again.
  private final EventSignal cycleSignal = new EventSignal();
  private ServerConnector connector;
  private NotifyRoute notify;

  public ApiServer(
      AgentConfig config,
      Registry registry,
      ContainerRuntime podman,
      ReconcileLoop loop,
      ApiOptions options) {
    this.config = config;
    ObjectMapper json = ApiJson.mapper();
    AgentMetrics metrics = new AgentMetrics(registry, options.clock());
    loop.addListener(metrics);
    registry.onEvent(kind -> eventSignal.bump());
    loop.addListener(
        new ReconcileListener() {
          @Override
          public void cycleFinished(CycleResult result, Duration took) {
            cycleSignal.bump();
          }

          @Override
          public void cycleFailed(Exception error, Duration took) {
            cycleSignal.bump();
          }
        });
    this.api =
        new ApiContext(
            config,
            registry,
            podman,
            new SharedPs(podman),
            loop,
            metrics,
            options,
            json,
            new WatchView());
    ssl.setKeyStore(CertificateReloader.initial(config.server().cert(), config.server().key()));
    ssl.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    ssl.setSniRequired(false);
    this.reloader = new CertificateReloader(config.server().cert(), config.server().key(), ssl);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mcp-api-timer");
              t.setDaemon(true);
              return t;
            });
    this.background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mcp-api-background");
              t.setDaemon(true);
              return t;
            });
    this.app = build(json, options);
  }

  private Javalin build(ObjectMapper json, ApiOptions options) {
    InetSocketAddress listen = Listen.parse(config.server().listen());
    List<String> publicPaths =
        new ArrayList<>(List.of("/healthz", "/v1/webhook", "/ui", "/ui/", "/ui/{file}"));
    if (config.server().publicMetrics()) {
      publicPaths.add("/metrics");
    }
    Authenticator auth = new Authenticator(validators(options), publicPaths);
    Javalin javalin =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.startupWatcherEnabled = false;
              cfg.http.prefer405over404 = true;
              cfg.http.maxRequestSize = Requests.MAX_JSON_BYTES;
              cfg.jsonMapper(new JavalinJackson(json, false));
              QueuedThreadPool pool = new QueuedThreadPool(64, 4, 60_000);
              pool.setName("mcp-api");
              cfg.jetty.threadPool = pool;
              cfg.jetty.modifyHttpConfiguration(
                  h -> {
                    h.setRequestHeaderSize(MAX_HEADER_BYTES);
                    h.setSendServerVersion(false);
                    h.setSendXPoweredBy(false);
                  });
              cfg.jetty.addConnector(
                  (server, http) -> {
                    HttpConfiguration https = new HttpConfiguration(http);
                    SecureRequestCustomizer src = new SecureRequestCustomizer(false);
                    src.setSniHostCheck(false);
                    https.addCustomizer(src);
                    ServerConnector c =
                        new ServerConnector(
                            server,
                            new SslConnectionFactory(ssl, "http/1.1"),
                            new HttpConnectionFactory(https));
                    c.setHost(listen.getHostString());
                    c.setPort(listen.getPort());
                    c.setIdleTimeout(options.limits().idle().toMillis());
                    connector = c;
                    return c;
                  });
              cfg.jetty.modifyServer(server -> server.setErrorHandler(new Errors.JettyJson(json)));
              cfg.appData(ConnectionLimits.KEY, options.limits());
            });
    Errors.install(javalin);
    javalin.beforeMatched(auth::check);

    StatusRoute status = new StatusRoute(api);
    ServicesRoute services = new ServicesRoute(api);
    PsRoute ps = new PsRoute(api);
    EventsRoute events = new EventsRoute(api);
    EventStreamRoute eventStream = new EventStreamRoute(api, eventSignal);
    LogsRoute logs = new LogsRoute(api);
    ReconcileRoutes reconcile = new ReconcileRoutes(api, cycleSignal);
    RestartRoute restart = new RestartRoute(api, background);
    FileRoutes files = new FileRoutes(api);
    SnapshotRoute snapshot = new SnapshotRoute(api);
    SystemRoutes system = new SystemRoutes(api);
    SecretsRoute secrets = new SecretsRoute(api);
    SuspendRoutes suspend = new SuspendRoutes(api);
    notify = new NotifyRoute(api);

    UiRoute ui = new UiRoute();
    javalin.get("/ui/", ui::page);
    javalin.get("/ui/{file}", ui::asset);
    javalin.get("/healthz", system::health);
    javalin.get("/metrics", system::metrics);
    javalin.post("/v1/webhook", system::webhook);
    javalin.get("/v1/whoami", system::whoami);
    javalin.get("/v1/policy", system::policy);
    javalin.get("/v1/status", status::handle);
    javalin.get("/v1/services", services::list);
    javalin.get("/v1/services/{svc}", services::one);
    javalin.get("/v1/ps", ps::handle);
    javalin.post("/v1/sync", reconcile::sync);
    javalin.post("/v1/services/{svc}/deploy", reconcile::deploy);
    javalin.post("/v1/services/{svc}/restart", restart::handle);
    javalin.post("/v1/services/{svc}/suspend", suspend::suspendService);
    javalin.post("/v1/services/{svc}/resume", suspend::resumeService);
    javalin.post("/v1/suspend", suspend::suspendNode);
    javalin.post("/v1/resume", suspend::resumeNode);
    javalin.get("/v1/events", events::handle);
    javalin.get("/v1/events/stream", eventStream::handle);
    javalin.get("/v1/services/{svc}/files/<path>", files::get);
    javalin.put("/v1/services/{svc}/files/<path>", files::put);
    javalin.get("/v1/services/{svc}/logs", logs::handle);
    javalin.post("/v1/snapshot", snapshot::handle);
    javalin.get("/v1/secrets/recipient", secrets::recipient);
    javalin.post("/v1/notify/test", notify::test);
    return javalin;
  }

  private List<TokenValidator> validators(ApiOptions options) {
    List<TokenValidator> out = new ArrayList<>();
    config.auth().tokensFile().ifPresent(f -> out.add(new TokensFile(f)));
    config
        .auth()
        .mciasUrl()
        .ifPresent(
            url ->
                out.add(
                    new Mcias(
                        url,
                        options.mciasClient().get(),
                        options.clock(),
                        options.mciasCacheTtl(),
                        options.mciasTimeout())));
    return out;
  }

  /** Binds and serves; returns once listening. */
  /** Where status reads how drift is found (the agent's event watch). */
  public ApiServer watching(
      java.util.function.Supplier<java.util.Optional<net.metacircular.mcp.agent.events.WatchState>>
          state) {
    api.watch().set(state);
    return this;
  }

  /**
   * Where status and {@code mcp_notifications_failed_total} read the notifications' state, and
   * where {@code POST /v1/notify/test} sends its test message.
   */
  public ApiServer notifying(net.metacircular.mcp.agent.notify.NotifyService notifications) {
    api.metrics().notifications(notifications::status);
    notify.tester(notifications::test);
    return this;
  }

  public ApiServer start() {
    app.start();
    long every = Math.max(50, api.options().certCheckInterval().toMillis());
    timer.scheduleWithFixedDelay(this::checkCertificate, every, every, TimeUnit.MILLISECONDS);
    SlowClientGuard guard =
        new SlowClientGuard(
            connector, api.options().limits().requestHead().toMillis(), System::currentTimeMillis);
    timer.scheduleWithFixedDelay(() -> guardAgainstSlowClients(guard), 1, 1, TimeUnit.SECONDS);
    LOG.info(
        "API listening on https://{}:{} ([server] listen = {})",
        connector.getHost(),
        port(),
        config.server().listen());
    return this;
  }

  private void checkCertificate() {
    try {
      reloader.check();
    } catch (RuntimeException e) {
      LOG.warn("checking the certificate failed: {}", e.toString());
    }
  }

  private static void guardAgainstSlowClients(SlowClientGuard guard) {
    try {
      guard.run();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again; the guard must go on.
      LOG.warn("closing slow connections failed: {}", e.toString());
    }
  }

  /** The bound port (useful with {@code listen = "127.0.0.1:0"}). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    eventSignal.close();
    cycleSignal.close();
    timer.shutdownNow();
    background.shutdownNow();
    app.stop();
  }
}
