package net.metacircular.mcp.agent.api;

import static net.metacircular.mcp.agent.api.ApiTestAgent.READ;
import static net.metacircular.mcp.agent.api.ApiTestAgent.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.rollout.Phase;
import net.metacircular.mcp.agent.rollout.RolloutState;
import net.metacircular.mcp.agent.rollout.RolloutStore;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.api.ComponentStatus;
import net.metacircular.mcp.schema.api.EventsResponse;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in Debian's headless Chromium, driven through its chromedriver, against an agent
 * on real podman and a folder source. Hostile text arrives where it really can: a container's log
 * lines, a health check's output (in the failed deploy's event and the service's error) and the
 * quoted bad value of a rejected service file; in the browser nothing of it runs and it reads as
 * written. Each service's rollout reads as {@code mcp status} says it: a real soak counts down
 * without a reload; a health gate in progress, a rollback with its quarantine and a rollback that
 * failed (written to the agent's registry as its rollout step writes them: a real one takes a
 * passed soak, a failing one and a rollback) show with their reasons. Chromium is told to ignore
 * certificate errors (this test only): the agent's certificate is signed by the test's own CA.
 */
@RequiresPodman
@RequiresExecutables({"chromium", "chromedriver"})
class StatusPageBrowserTest {
  private static final String LOG_IMG = "<img src=x onerror=window.__xss=1>";
  private static final String LOG_SCRIPT = "<script>window.__xss=2</script>";
  private static final String HEALTH_IMG = "<img src=x onerror=window.__xss=3>";
  private static final String BAD_VALUE =
      "<img src=x onerror=window.__xss=4><script>window.__xss=5</script>";
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String HEALTHY = "3f2a1c0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String FAILED = "4c1d2e9bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String REASON_IMG = "<img src=x onerror=window.__xss=6>";

  private ApiTestAgent a;
  private TestPodman t;
  private ChromeDriver browser;
  private Path profile;
  private CuttableProxy proxy;

  @BeforeEach
  void setUp(TestPodman podman, @TempDir Path root) throws Exception {
    t = podman;
    a = new ApiTestAgent(root, ApiTestAgent.Setup.of(t.prefix(), t.environment()));
    // In the test's own folder, which JUnit removes once the browser has quit: about 2 MB a run.
    profile = Files.createDirectory(root.resolve("chromium-profile"));
  }

  @AfterEach
  void tearDown() {
    try {
      if (browser != null) {
        browser.quit();
      }
      if (proxy != null) {
        proxy.close();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      try {
        a.close();
      } finally {
        t.removeAll();
      }
    }
  }

  @Test
  void showsStatusAndEventsLiveAndRunsNothingOfWhatGitPodmanOrALogSay() throws Exception {
    String app = t.service("app");
    String sick = t.service("sick");
    String bad = t.service("bad");
    String slow = t.service("slow");
    a.write(
        app,
        a.service(
            app,
            component(
                "web",
                t.image(),
                "cmd = [\"sh\", \"-c\", \"echo '"
                    + LOG_IMG
                    + "'; echo '"
                    + LOG_SCRIPT
                    + "'; exec sleep 3600\"]")));
    a.write(
        sick,
        a.service(
            sick,
            component(
                "db",
                t.image(),
                "[components.health]",
                "cmd = [\"sh\", \"-c\", \"echo '" + HEALTH_IMG + "'; exit 1\"]",
                "interval = \"1s\"",
                "retries = 1")));
    a.write(bad, a.service(bad, component("x", t.image(), "restart = \"" + BAD_VALUE + "\"")));
    // Soaks an hour after its deploy: its countdown is the agent's own.
    a.write(
        slow,
        a.service(
            slow,
            "[rollout]\nsoak = \"1h\"\n\n"
                + component("w", t.image(), "cmd = [\"sleep\", \"3600\"]")));
    a.sync();

    HttpResponse<String> page = a.get("/ui/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'")
        .contains("default-src 'none'")
        .doesNotContain("unsafe-inline");

    browser = chromium();
    // Through a relay the test can cut, to drop the page's connections on cue.
    proxy = new CuttableProxy(a.server.port());
    String url = "https://127.0.0.1:" + proxy.port() + "/ui/";
    // Without its script, the page says so and what to do, instead of an empty frame.
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/ui/app.js")));
    load(url, "the page without its script", d -> !d.findElements(By.id("loading")).isEmpty());
    assertThat(browser.findElement(By.id("loading")).getText())
        .startsWith("Loading this page's script (/ui/app.js)")
        .contains("reload the page");
    assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
    browser.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
    load(
        url,
        "the page with its script run",
        d ->
            !d.findElements(By.id("login")).isEmpty()
                && d.findElement(By.id("login")).isDisplayed()
                && !d.findElement(By.id("loading")).isDisplayed());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    // The token prompt; a wrong token is refused with a message that says so.
    submitToken("not-a-token");
    wait.until(d -> d.findElement(By.id("login-message")).isDisplayed());
    assertThat(browser.findElement(By.id("login-message")).getText())
        .startsWith("The agent refused this token:")
        .contains("unknown");
    assertThat(browser.findElement(By.id("page")).isDisplayed()).isFalse();

    // A read token shows the page: the services table matches GET /v1/status.
    submitToken(READ);
    wait.until(d -> d.findElement(By.id("page")).isDisplayed());
    wait.until(d -> d.findElement(By.id("live")).getText().equals("live"));
    StatusResponse status = a.read(a.get("/v1/status", READ), StatusResponse.class);
    List<String> expected = new ArrayList<>();
    for (ServiceStatus s : status.services()) {
      expected.add(s.name());
      for (ComponentStatus c : s.components()) {
        expected.add(s.name() + "/" + c.name());
      }
    }
    assertThat(rows()).containsExactlyElementsOf(expected);
    assertThat(expected).contains(app + "/web", sick + "/db");
    WebElement web = row(app, "web");
    assertThat(web.getText()).contains("running").contains(t.image());
    assertThat(row(sick, "db").getText()).contains("unhealthy");

    // What git and podman said, as text.
    String events = browser.findElement(By.id("events")).getText();
    assertThat(events).contains(HEALTH_IMG).contains(BAD_VALUE).contains("rejected");
    assertThat(
            browser
                .findElement(By.cssSelector("#services tr[data-service='" + sick + "']"))
                .getText())
        .contains("db: failed");
    // The condition as mcp status says it: its kind, then ": " and the detail (not "failed:…").
    assertThat(row(sick, "db").getText()).contains("failed: ").doesNotContainPattern("failed:\\S");
    // A request the browser could not complete is sent again: with every connection closed, the
    // logs' first two connections close as they open (as Chromium's drop of the requests in flight
    // on a network change does), and the third brings them.
    proxy.cut();
    proxy.mend();
    proxy.dropNext(2);
    web.findElement(By.tagName("button")).click();
    wait.until(d -> d.findElement(By.id("logs")).getText().contains(LOG_SCRIPT));
    assertThat(proxy.dropped()).isEqualTo(2);
    assertThat(browser.findElement(By.id("logs")).getText()).contains(LOG_IMG);

    // A podman kill shows up without a reload.
    js("window.__samePage = 'yes'");
    long before =
        a.read(a.get("/v1/events?limit=1", READ), EventsResponse.class).events().get(0).id();
    t.byHand("kill", app + "-web");
    a.sync();
    wait.until(
        d ->
            Long.parseLong(
                    d.findElement(By.cssSelector("#events tbody tr")).getAttribute("data-id"))
                > before);
    WebElement newest = browser.findElement(By.cssSelector("#events tbody tr"));
    assertThat(newest.getText()).contains(app + "/web");
    assertThat(js("return window.__samePage")).isEqualTo("yes");

    // Rollouts. A soak in progress counts down, by the second, without a reload.
    String soaking = rollout(slow);
    assertThat(soaking).matches("soaking \\([0-9hms]+ left\\)");
    wait.ignoring(StaleElementReferenceException.class).until(d -> !rollout(slow).equals(soaking));
    assertThat(rollout(slow)).matches("soaking \\([0-9hms]+ left\\)");
    assertThat(rolloutLine(slow).getAttribute("class")).contains("warn");
    // A health gate in progress, then a rollback, then a rollback that failed: each as the agent's
    // rollout step records it, shown once the event of it arrives.
    Instant now = Instant.now();
    showRollout(
        new RolloutState(
            app,
            Phase.DEPLOYING,
            FAILED,
            now,
            Optional.of(now.plusSeconds(80)),
            Optional.empty(),
            Optional.empty()),
        "deploying");
    assertThat(rollout(app)).matches("deploying \\(health gate, [0-9hms]+ left\\)");
    String why = app + "-web exited (exit code 1): " + REASON_IMG;
    showRollout(
        new RolloutState(
            app,
            Phase.ROLLED_BACK,
            HEALTHY,
            now,
            Optional.empty(),
            Optional.of(why),
            Optional.of(FAILED)),
        "rolled back");
    assertThat(rollout(app))
        .startsWith("rolled back (")
        .endsWith(": " + why + "; 4c1d2e9 quarantined, running 3f2a1c0");
    assertThat(rolloutLine(app).getAttribute("class")).contains("bad");
    String halted =
        "the rollback of " + app + " to 3f2a1c0 failed: podman said no; left alone: fix forward";
    showRollout(
        new RolloutState(
            app,
            Phase.FAILED,
            HEALTHY,
            now,
            Optional.empty(),
            Optional.of(halted),
            Optional.of(FAILED)),
        "rollout of");
    assertThat(rollout(app)).startsWith("rollout of 4c1d2e9 failed (").endsWith(", then " + halted);
    assertThat(js("return window.__samePage")).isEqualTo("yes");

    // Nothing ran: no handler fired, no script or image was made from the text.
    assertThat(js("return typeof window.__xss")).isEqualTo("undefined");
    assertThat(js("return document.querySelectorAll('img').length")).isEqualTo(0L);
    assertThat(js("return document.scripts.length")).isEqualTo(1L);

    // The connection drops: what is written meanwhile shows once it is back, through
    // Last-Event-ID, without a reload.
    proxy.cut();
    wait.until(d -> d.findElement(By.id("live")).getText().startsWith("reconnecting"));
    a.agent
        .registry()
        .appendEvent(NewEvent.ofService(EventKind.STARTED, app, "written while the page was away"));
    proxy.mend();
    wait.until(d -> d.findElement(By.id("events")).getText().contains("was away"));
    wait.until(d -> d.findElement(By.id("live")).getText().equals("live"));
    assertThat(js("return window.__samePage")).isEqualTo("yes");

    screenshot("status-page.png");
  }

  /**
   * Loads {@code url} until {@code shown} holds, reloading as an operator would. Chromium drops the
   * requests in flight when an interface comes or goes ("Your connection was interrupted. A network
   * change was detected": ERR_NETWORK_CHANGED), and podman adds and removes one for each container
   * that other test classes start or stop meanwhile: a load then shows Chromium's error page, or
   * our HTML without its script. What the browser showed and logged each time goes to the test's
   * output, and the last into the failure.
   */
  private void load(String url, String what, Function<WebDriver, Boolean> shown) {
    String seen = "";
    for (int attempt = 1; attempt <= 3; attempt++) {
      browser.get(url);
      try {
        // An error page of Chromium's own ends the wait at once: it will not turn into ours.
        new WebDriverWait(browser, Duration.ofSeconds(30))
            .until(d -> shown.apply(d) || "chrome-error:".equals(js("return location.protocol")));
      } catch (org.openqa.selenium.TimeoutException e) {
        // what it shows instead is recorded below
      }
      if (shown.apply(browser)) {
        return;
      }
      seen =
          js("return location.href")
              + " showed: "
              + js("return document.body ? document.body.innerText.slice(0, 600) : ''")
              + "\nand logged: "
              + browser.manage().logs().get(LogType.BROWSER).getAll();
      System.err.println("load " + attempt + " of " + what + " failed: " + seen);
    }
    throw new AssertionError(what + " was not shown in three loads; the last " + seen);
  }

  /** The rollout line of a service's row, as shown. */
  private WebElement rolloutLine(String service) {
    return browser.findElement(
        By.cssSelector("#services tr.service[data-service='" + service + "'] .rollout"));
  }

  private String rollout(String service) {
    for (int attempt = 1; ; attempt++) {
      try {
        return rolloutLine(service).getText();
      } catch (StaleElementReferenceException e) {
        if (attempt == 3) {
          throw e; // the page re-renders every 15 s, and on each event: never three times at once
        }
      }
    }
  }

  /** Records a rollout state and its event, as the rollout step does, and waits for the page. */
  private void showRollout(RolloutState state, String shownAs) {
    new RolloutStore(a.agent.registry()).putState(state);
    a.agent
        .registry()
        .appendEvent(
            NewEvent.ofService(EventKind.ROLLED_BACK, state.service(), "rollout " + shownAs));
    new WebDriverWait(browser, WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(
            d ->
                !d.findElements(
                            By.cssSelector(
                                "#services tr.service[data-service='"
                                    + state.service()
                                    + "'] .rollout"))
                        .isEmpty()
                    && rollout(state.service()).startsWith(shownAs));
  }

  private void submitToken(String token) {
    WebElement field = browser.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token);
    browser.findElement(By.cssSelector("#login-form button")).click();
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private List<String> rows() {
    List<String> out = new ArrayList<>();
    for (WebElement tr : browser.findElements(By.cssSelector("#services tbody tr"))) {
      String component = tr.getAttribute("data-component");
      out.add(tr.getAttribute("data-service") + (component == null ? "" : "/" + component));
    }
    return out;
  }

  private WebElement row(String service, String component) {
    return browser.findElement(
        By.cssSelector(
            "#services tr[data-service='" + service + "'][data-component='" + component + "']"));
  }

  private void screenshot(String name) throws Exception {
    File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path dir = Files.createDirectories(Path.of("target", "ui-screenshots"));
    Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Debian's chromium through Debian's chromedriver (never a downloaded one). */
  private ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--ignore-certificate-errors",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}
