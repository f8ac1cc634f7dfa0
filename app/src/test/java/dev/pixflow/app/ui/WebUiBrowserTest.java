package dev.pixflow.app.ui;

import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.HasNetworkConditions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real browser (Debian's headless chromium through its chromedriver, driven by
 * Selenium): upload, watch it become ready, find it by tag, edit it, make a text overlay, delete it;
 * a file over the (test-sized) multipart threshold through /v1/uploads with a moving progress bar and
 * a connection dropped mid-way; the admin dashboard. Screenshots go to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class WebUiBrowserTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final Path CORPUS = Path.of("..", "..", "shared", "corpus", "images");
    static final Path SHOTS = Path.of("target", "screenshots");
    static final String CHROMIUM = System.getProperty("pixflow.test.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("pixflow.test.chromedriver", "/usr/bin/chromedriver");

    static ChromeDriver driver;
    static Path profile;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.ui.multipart-threshold", () -> "512KB");
        r.add("pixflow.ui.parallel-parts", () -> "2");
        r.add("pixflow.multipart.part-size", () -> "256KB");
        r.add("pixflow.multipart.min-part-size", () -> "64KB");
        r.add("pixflow.ui.admin-poll", () -> "300ms");
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void browser() throws IOException {
        Assumptions.assumeTrue(new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute(),
                "chromium and chromium-driver are not installed (./pixflow test installs them)");
        profile = Files.createTempDirectory("pixflow-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    private WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(20));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void screenshot(String name) throws IOException {
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private Path photo() throws IOException {
        if (Files.isDirectory(CORPUS)) {
            try (Stream<Path> files = Files.list(CORPUS)) {
                Optional<Path> jpeg = files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg"))
                        .filter(p -> p.toFile().length() < 400_000).sorted().findFirst();
                if (jpeg.isPresent()) {
                    return jpeg.get();
                }
            }
        }
        return TestImages.jpeg(tmp, 800, 600);
    }

    /** Uploads a file through the page's file input and answers its list row once the image is ready. */
    private WebElement uploadAndAwaitReady(Path file, String tags) {
        driver.get(url("/upload.html"));
        driver.findElement(By.id("u-tags")).sendKeys(tags);
        driver.findElement(By.id("files")).sendKeys(file.toAbsolutePath().normalize().toString());
        By row = By.cssSelector("li[data-file='" + file.getFileName() + "']");
        waiting(90).until(ExpectedConditions.attributeToBeNotEmpty(driver.findElement(row), "data-status"));
        WebElement li = driver.findElement(row);
        assertThat(li.getAttribute("data-status")).as(li.getText()).isEqualTo("ready");
        return li;
    }

    @Test
    void uploadFindEditOverlayAndDelete() throws IOException {
        Path photo = photo();
        WebElement li = uploadAndAwaitReady(photo, "harbour, uitest");
        String id = li.getAttribute("data-image-id");
        assertThat(li.findElement(By.cssSelector(".state")).getText()).isEqualTo("ready");
        screenshot("upload");

        // A refused file shows the API's problem detail.
        Path bad = TestImages.notAnImage(tmp);
        driver.findElement(By.id("files")).sendKeys(bad.toAbsolutePath().normalize().toString());
        WebElement refused = waiting(30).until(d -> d.findElement(By.cssSelector("li[data-file='" + bad.getFileName() + "'] .state.error")));
        assertThat(refused.getText()).startsWith("refused: ").isNotEqualTo("refused: ");

        // The gallery finds it by tag, from a URL that carries the search.
        driver.get(url("/"));
        driver.findElement(By.id("tag")).sendKeys("uitest", Keys.ENTER);
        waiting(10).until(ExpectedConditions.urlContains("tag=uitest"));
        WebElement tile = waiting(10).until(d -> d.findElement(By.cssSelector("#grid a[href='/image.html?id=" + id + "'] img")));
        assertThat(tile.getAttribute("alt")).isNotBlank();
        assertThat(tile.getAttribute("loading")).isEqualTo("lazy");
        assertThat(tile.getAttribute("srcset")).contains("/i/" + id + "/thumb 256w");
        driver.get(url("/?tag=nosuchtag"));
        waiting(10).until(ExpectedConditions.textToBe(By.id("status"), "No images match."));
        driver.get(url("/?tag=uitest"));
        waiting(10).until(d -> d.findElement(By.cssSelector("#grid a[href='/image.html?id=" + id + "']")));
        screenshot("gallery");

        // The image page: edit the title, tags and alt text.
        driver.get(url("/image.html?id=" + id));
        WebElement title = waiting(10).until(ExpectedConditions.elementToBeClickable(By.id("e-title")));
        title.clear();
        title.sendKeys("Harbour at dusk");
        driver.findElement(By.id("e-alt")).sendKeys("Boats moored in a harbour");
        driver.findElement(By.cssSelector("#edit button[type=submit]")).click();
        waiting(10).until(ExpectedConditions.textToBe(By.id("e-status"), "Saved."));
        var saved = record(id);
        assertThat(saved.get("title").asText()).isEqualTo("Harbour at dusk");
        assertThat(saved.get("description").asText()).isEqualTo("Boats moored in a harbour");
        assertThat(driver.findElement(By.id("main")).getAttribute("alt")).isEqualTo("Boats moored in a harbour");

        // A text overlay: the live preview follows the form, then the rendition is kept and made.
        WebElement text = driver.findElement(By.id("o-text"));
        text.clear();
        text.sendKeys("Hello Pixflow");
        new Select(driver.findElement(By.id("o-position"))).selectByValue("sw");
        WebElement preview = driver.findElement(By.id("preview"));
        waiting(10).until(d -> preview.getAttribute("src").contains(",tg:sw,"));
        assertThat(preview.getAttribute("src")).contains("text:SGVsbG8gUGl4Zmxvdw");
        waiting(30).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const i = document.getElementById('preview'); return i.complete && i.naturalWidth > 0;"));
        driver.findElement(By.id("o-name")).clear();
        driver.findElement(By.id("o-name")).sendKeys("greeting");
        driver.findElement(By.cssSelector("#overlay button[type=submit]")).click();
        WebElement made = waiting(60).until(d -> d.findElement(By.cssSelector("li[data-variant='greeting'][data-status='ready'] a")));
        assertThat(made.getAttribute("href")).endsWith("/i/" + id + "/greeting");
        assertThat(record(id).at("/variants/greeting/status").asText()).isEqualTo("ready");
        screenshot("image");

        // Delete, with confirmation.
        driver.findElement(By.id("delete")).click();
        driver.switchTo().alert().accept();
        waiting(10).until(ExpectedConditions.urlToBe(url("/")));
        assertThat(http().get("/v1/images/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void largeFileGoesInPartsWithProgressAndSurvivesADroppedConnection() throws IOException {
        Path big = TestImages.tiff(tmp, 1400, 1000);   // uncompressed: about 4 MB, 16 parts of 256 KB
        assertThat(Files.size(big)).isGreaterThan(2_000_000);
        driver.get(url("/upload.html"));
        // Slow the browser's uploads down so the bar has time to move.
        ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
        slow.setLatency(Duration.ofMillis(5));
        slow.setUploadThroughput(1_000_000);
        slow.setDownloadThroughput(10_000_000);
        ((HasNetworkConditions) driver).setNetworkConditions(slow);
        try {
            driver.findElement(By.id("files")).sendKeys(big.toAbsolutePath().normalize().toString());
            By bar = By.cssSelector("li[data-file='" + big.getFileName() + "'] progress");
            int first = waiting(30).until(d -> {
                int v = Integer.parseInt(d.findElement(bar).getAttribute("value"));
                return v > 0 && v < 60 ? v : null;
            });
            int second = waiting(30).until(d -> {
                int v = Integer.parseInt(d.findElement(bar).getAttribute("value"));
                return v > first && v < 100 ? v : null;
            });
            assertThat(second).isGreaterThan(first);
            screenshot("upload-multipart");

            // Drop the connection: parts in flight fail and are sent again once it is back.
            ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
            offline.setOffline(true);
            ((HasNetworkConditions) driver).setNetworkConditions(offline);
            By state = By.cssSelector("li[data-file='" + big.getFileName() + "'] .state");
            waiting(30).until(ExpectedConditions.textMatches(state, java.util.regex.Pattern.compile("connection lost.*")));
        } finally {
            ((HasNetworkConditions) driver).deleteNetworkConditions();
        }
        By row = By.cssSelector("li[data-file='" + big.getFileName() + "']");
        waiting(90).until(ExpectedConditions.attributeToBeNotEmpty(driver.findElement(row), "data-status"));
        WebElement li = driver.findElement(row);
        assertThat(li.getAttribute("data-status")).as(li.getText()).isEqualTo("ready");
        var r = record(li.getAttribute("data-image-id"));
        assertThat(r.get("width").asInt()).isEqualTo(1400);
        assertThat(r.get("bytes").asLong()).isEqualTo(Files.size(big));
    }

    @Test
    void adminDashboardShowsQueuesDeadLettersAndCharts() throws IOException {
        driver.get(url("/admin.html"));
        waiting(15).until(ExpectedConditions.textMatches(By.id("m-depth"), java.util.regex.Pattern.compile("\\d+")));
        assertThat(driver.findElement(By.id("m-dead")).getText()).matches("\\d+");
        waiting(15).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dead tr")));
        // The charts come from /actuator/prometheus: a point per poll after the first.
        waiting(15).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const c = Chart.getChart(document.getElementById('c-rate')); return !!c && c.data.labels.length >= 2"));
        assertThat(driver.findElement(By.id("status")).getAttribute("class")).isNotEqualTo("error");
        screenshot("admin");
    }
}
