package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.search.IndexProgress;
import dev.jubjub.search.SearchIndex;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import dev.jubjub.ui.Copies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver (never one Selenium Manager would download), finds a project from the home page's
 * search box and reads its page, with no console error and no request leaving the test server.
 */
class WebUiBrowserTest {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WebUiBrowserTest.class);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  @TempDir Path home;

  @Test
  void searchesFromTheHomePageAndReadsAProjectWithItsDownloadChart() throws Exception {
    // CI installs both (.ci/run): a browser test that skips when they are missing would prove nothing.
    assertThat(CHROMIUM).as("Debian's chromium").isExecutable();
    assertThat(CHROMEDRIVER).as("Debian's chromium-driver").isExecutable();
    Path mirror = home.resolve("mirror");
    Copies.writeMirror(mirror, Copies.all());
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Copies.writeDay(mirror.resolve("local-stats"), today.minusDays(3), Map.of("requests", 12L));
    Copies.writeDay(mirror.resolve("local-stats"), today.minusDays(1), Map.of("requests", 30L, "hostile", 2L));
    try (Storage storage = FileSystemStorage.forReading(mirror)) {
      new SearchIndex(home.resolve("search")).rebuild(storage, new IndexProgress(), 1);
    }
    Path accessLog = home.resolve("access.log");
    try (MirrorServer server = new MirrorServer(new ServeOptions(FileSystemStorage.forReading(mirror), "127.0.0.1", 0,
        false, Optional.empty(), Optional.of(accessLog), Optional.of(mirror.resolve("local-stats")), false, true,
        Optional.empty(), Optional.of(home.resolve("search"))))) {
      server.start();
      String base = "http://127.0.0.1:" + server.port();
      long started = System.nanoTime();
      WebDriver browser = chromium();
      log.info("chromium started in {} ms", (System.nanoTime() - started) / 1_000_000);
      try {
        browse(browser, base);
        assertNothingWentWrong(browser, base);
      } finally {
        browser.quit();
      }
      server.close();
      // Every request the browser made reached this server, and only pages were asked for.
      assertThat(Files.readAllLines(accessLog)).isNotEmpty()
          .allSatisfy(line -> assertThat(line).containsPattern("\"GET /(|search\\?q=requests|project/\\w+/) HTTP"));
    }
  }

  private static void browse(WebDriver browser, String base) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    long started = System.nanoTime();
    browser.get(base + "/");
    assertThat(browser.getTitle()).isEqualTo("jubjub");
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("Serial", "4242", "Most downloaded");
    assertNoExternalResources(browser.getPageSource(), base);

    WebElement box = browser.findElement(By.name("q"));
    box.sendKeys("requests");
    browser.findElement(By.cssSelector("header form button[type=submit]")).click();
    WebElement result = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("ol.results a[href='/project/requests/']")));
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/search?q=requests");
    assertNoExternalResources(browser.getPageSource(), base);

    result.click();
    wait.until(ExpectedConditions.urlToBe(base + "/project/requests/"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("requests 2.32.3");
    List<String> versions = browser.findElements(By.cssSelector("details.release > summary strong")).stream()
        .map(WebElement::getText).toList();
    assertThat(versions).containsExactly("2.32.3", "2.32.0", "2.31.0");
    assertThat(browser.findElement(By.cssSelector("details.release.yanked > summary")).getText())
        .contains("yanked: Yanked due to conflicts");
    assertThat(browser.findElement(By.cssSelector("details.release[open] table.files")).getText())
        .contains("requests-2.32.3-py3-none-any.whl", "py3 · none · any");
    WebElement chart = browser.findElement(By.cssSelector("svg.chart"));
    assertThat(chart.isDisplayed()).isTrue();
    assertThat(chart.getSize().getWidth()).isGreaterThan(200);
    List<String> counts = chart.findElements(By.cssSelector("rect.day")).stream()
        .map(bar -> bar.getDomAttribute("data-count")).toList();
    assertThat(counts).hasSize(4).containsSubsequence("12", "0", "30");
    assertThat(browser.findElement(By.cssSelector(".description table")).getText()).contains("Keep-Alive");
    assertNoExternalResources(browser.getPageSource(), base);

    // Script injected through every field of a hostile copy: the page shows it as text, nothing runs.
    browser.get(base + "/project/hostile/");
    assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("hostile<script>");
    try {
      browser.switchTo().alert();
      throw new AssertionError("an alert opened on the hostile project's page");
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
    assertThat(browser.findElements(By.cssSelector("main img, main script, main iframe"))).isEmpty();
    assertNoExternalResources(browser.getPageSource(), base);
    log.info("browsed four pages in {} ms", (System.nanoTime() - started) / 1_000_000);
  }

  /** No console message at warning level or above, and every URL the browser asked for is the server's. */
  private static void assertNothingWentWrong(WebDriver browser, String base) {
    List<String> problems = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
        problems.add(entry.getLevel() + " " + entry.getMessage());
      }
    }
    assertThat(problems).as("console").isEmpty();
    // The log is read, not merely empty: a message of the test's own comes through it.
    ((JavascriptExecutor) browser).executeScript("console.error('control message')");
    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
        .anySatisfy(m -> assertThat(m).contains("control message"));
    List<String> urls = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
      String message = entry.getMessage();
      if (message.contains("\"Network.requestWillBeSent\"")) {
        urls.add(message.replaceAll("(?s).*\"request\":\\{.*?\"url\":\"([^\"]*)\".*", "$1"));
      }
    }
    // The browser's own pages (its new tab page: chrome://, data:) are not requests to a network.
    List<String> network = urls.stream().filter(url -> !url.matches("(?i)(chrome|chrome-untrusted|data|about|blob):.*"))
        .toList();
    assertThat(network).as("requests the browser made").isNotEmpty()
        .allSatisfy(url -> assertThat(url).startsWith(base + "/"));
  }

  /** Links out are fine (a click); a script, style sheet, image, frame or font from elsewhere is not. */
  private static void assertNoExternalResources(String html, String base) {
    String withoutOwn = html.replace(base + "/", "/");
    assertThat(withoutOwn).doesNotContainPattern("(?i)<(script|img|link|iframe|embed|object|source|video|audio)\\b[^>]*"
        + "\\b(src|href|data)\\s*=\\s*\"?\\s*(https?:)?//");
    assertThat(withoutOwn).doesNotContainPattern("(?i)url\\(\\s*['\"]?\\s*(https?:)?//").doesNotContainPattern("(?i)@import");
  }

  private WebDriver chromium() throws Exception {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Without the networking switches Chromium reaches out (updates, sync, field trials), and on a
    // closed network those connections are refused and logged as errors.
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
        "--user-data-dir=" + Files.createDirectories(home.resolve("chromium-profile")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().withLogFile(home.resolve("chromedriver.log").toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    return driver;
  }
}
