package dev.pixflow.app.ui;

import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.HasNetworkConditions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real browser (Debian's headless chromium through its chromedriver, driven by
 * Selenium): upload, watch it become ready, find it by tag and by words, edit it (alt text included),
 * make a text overlay, delete it; a file of several parts through Uppy and /v1/uploads with a moving
 * progress bar and a connection dropped mid-way; an upload cut off by a reload that resumes without
 * sending again the parts the server holds; the admin dashboard. Screenshots go to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class WebUiBrowserTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final Path CORPUS = Path.of("..", "..", "shared", "corpus", "images");
    static final Path SHOTS = Path.of("target", "screenshots");
    /** Uppy's multipart uploader never cuts parts under 5 MiB, so the server suggests exactly that. */
    static final long PART = 5L * 1024 * 1024;

    static ChromeDriver driver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        r.add("pixflow.ui.parallel-parts", () -> "2");
        r.add("pixflow.multipart.part-size", () -> "5MB");
        r.add("pixflow.ui.admin-poll", () -> "300ms");
    }

    @TestConfiguration
    static class Hooks {
        @Bean
        PartRequests partRequests() {
            return PartRequests.puts();
        }
    }

    @Autowired
    PartRequests parts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void browser() throws IOException {
        driver = HeadlessChromium.start();
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    private WebDriverWait waiting(int seconds) {
        return HeadlessChromium.waiting(driver, seconds);
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

        // A JPEG whose name says PNG is what its bytes are: the browser's guess from the name is no declaration.
        Path mislabelled = Files.copy(TestImages.jpeg(tmp, 320, 240), tmp.resolve("mislabelled.png"));
        assertThat(uploadAndAwaitReady(mislabelled, "uitest").getAttribute("data-image-id")).isNotBlank();

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
        // On a phone: one column of fields, two of thumbnails, nothing wider than the screen.
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            waiting(10).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return innerWidth <= 400 && document.documentElement.scrollWidth <= innerWidth"));
            screenshot("gallery-phone");
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 1000));
        }

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
        assertThat(saved.get("altText").asText()).isEqualTo("Boats moored in a harbour");
        assertThat(saved.has("description")).as("the alt text is not the description").isFalse();
        assertThat(driver.findElement(By.id("main")).getAttribute("alt")).isEqualTo("Boats moored in a harbour");

        // Changed elsewhere after the page read it: the save is refused, nothing is overwritten, and what
        // was typed stays to be saved again over the change.
        driver.get(url("/image.html?id=" + id));
        WebElement retitle = waiting(10).until(ExpectedConditions.elementToBeClickable(By.id("e-title")));
        retitle.clear();
        retitle.sendKeys("Harbour at dusk, from this tab");
        var elsewhere = http().send(http().request("/v1/images/" + id).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"description\": \"From elsewhere\"}")).build());
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(200);
        driver.findElement(By.cssSelector("#edit button[type=submit]")).click();
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("e-status"), "changed elsewhere"));
        assertThat(record(id).get("title").asText()).isEqualTo("Harbour at dusk");
        assertThat(driver.findElement(By.id("e-title")).getAttribute("value")).isEqualTo("Harbour at dusk, from this tab");
        assertThat(driver.findElement(By.id("e-description")).getAttribute("value")).isEqualTo("From elsewhere");
        driver.findElement(By.cssSelector("#edit button[type=submit]")).click();
        waiting(10).until(ExpectedConditions.textToBe(By.id("e-status"), "Saved."));
        assertThat(record(id).get("title").asText()).isEqualTo("Harbour at dusk, from this tab");
        assertThat(record(id).get("description").asText()).as("the other change stays").isEqualTo("From elsewhere");

        // An image that is not there shows the message, not an editor for nothing.
        driver.get(url("/image.html?id=0190a000-0000-7000-8000-999999999999"));
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "does not exist"));
        assertThat(driver.findElement(By.id("image")).isDisplayed()).isFalse();

        // Words typed in the gallery's search go to the API's full text search and into the URL;
        // the tile's alt is the image's alt text.
        driver.get(url("/"));
        driver.findElement(By.id("q")).sendKeys("harbour du", Keys.ENTER);
        waiting(10).until(ExpectedConditions.urlContains("q=harbour+du"));
        WebElement found = waiting(10).until(d -> d.findElement(By.cssSelector("#grid a[href='/image.html?id=" + id + "'] img")));
        assertThat(found.getAttribute("alt")).isEqualTo("Boats moored in a harbour");
        driver.get(url("/?q=harbour&orientation=portrait&sort=oldest"));
        assertThat(new Select(driver.findElement(By.id("sort"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("oldest");
        waiting(10).until(ExpectedConditions.textToBe(By.id("status"), "No images match."));
        driver.get(url("/?q=harbour&orientation=" + (saved.get("width").asInt() >= saved.get("height").asInt() ? "landscape" : "portrait")));
        waiting(10).until(d -> d.findElement(By.cssSelector("#grid a[href='/image.html?id=" + id + "']")));
        driver.get(url("/image.html?id=" + id));
        waiting(10).until(ExpectedConditions.elementToBeClickable(By.id("o-text")));

        // A text overlay: the live preview follows the form, then the rendition is kept and made.
        WebElement text = driver.findElement(By.id("o-text"));
        text.clear();
        text.sendKeys("Hello Pixflow");
        new Select(driver.findElement(By.id("o-position"))).selectByValue("sw");
        WebElement preview = driver.findElement(By.id("preview"));
        waiting(10).until(d -> String.valueOf(preview.getAttribute("src")).contains(",tg:sw,"));
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
        assertThat(driver.findElements(By.cssSelector("li[data-variant='thumb'] button.remove")))
                .as("a configured variant goes only with its image").isEmpty();

        // The rendition removed, with confirmation: gone from the page, the record and delivery.
        driver.findElement(By.cssSelector("li[data-variant='greeting'] button.remove")).click();
        driver.switchTo().alert().accept();
        waiting(10).until(ExpectedConditions.textToBe(By.id("status"), "Rendition \"greeting\" removed."));
        assertThat(driver.findElements(By.cssSelector("li[data-variant='greeting']"))).isEmpty();
        assertThat(record(id).at("/variants").has("greeting")).isFalse();
        assertThat(http().get("/i/" + id + "/greeting").statusCode()).isEqualTo(404);

        // Delete, with confirmation.
        driver.findElement(By.id("delete")).click();
        driver.switchTo().alert().accept();
        waiting(10).until(ExpectedConditions.urlToBe(url("/")));
        assertThat(http().get("/v1/images/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void largeFileGoesInPartsWithProgressAndSurvivesADroppedConnection() throws IOException {
        Path big = TestImages.tiff(tmp, 2000, 2000);   // uncompressed: 12 MB, three parts of 5 MiB or less
        assertThat(Files.size(big)).isGreaterThan(2 * PART);
        driver.get(url("/upload.html"));
        // Slow the browser's uploads down (bytes per second) so the bar has time to move.
        ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
        slow.setLatency(Duration.ofMillis(5));
        slow.setUploadThroughput(3_000_000);
        slow.setDownloadThroughput(10_000_000);
        ((HasNetworkConditions) driver).setNetworkConditions(slow);
        By row = By.cssSelector("li[data-file='" + big.getFileName() + "']");
        try {
            driver.findElement(By.id("files")).sendKeys(big.toAbsolutePath().normalize().toString());
            By bar = By.cssSelector("li[data-file='" + big.getFileName() + "'] progress");
            int first = waiting(30).until(d -> {
                int v = Integer.parseInt(d.findElement(bar).getAttribute("value"));
                return v > 0 && v < 60 ? v : null;
            });
            int second = waiting(30).until(d -> {
                int v = Integer.parseInt(d.findElement(bar).getAttribute("value"));
                return v > first && v >= 25 && v < 90 ? v : null;
            });
            assertThat(second).isGreaterThan(first);

            // Drop the connection: the page says so, and the parts in flight are sent again once it is back.
            ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
            offline.setOffline(true);
            ((HasNetworkConditions) driver).setNetworkConditions(offline);
            By state = By.cssSelector("li[data-file='" + big.getFileName() + "'] .state");
            waiting(30).until(ExpectedConditions.textMatches(state, java.util.regex.Pattern.compile("connection lost.*")));
            screenshot("upload-multipart");
        } finally {
            ((HasNetworkConditions) driver).deleteNetworkConditions();
        }
        waiting(90).until(ExpectedConditions.attributeToBeNotEmpty(driver.findElement(row), "data-status"));
        WebElement li = driver.findElement(row);
        assertThat(li.getAttribute("data-status")).as(li.getText()).isEqualTo("ready");
        var r = record(li.getAttribute("data-image-id"));
        assertThat(r.get("width").asInt()).isEqualTo(2000);
        assertThat(r.get("bytes").asLong()).isEqualTo(Files.size(big));

        // Uppy cut the file at the server's part size: every part but the last exactly partSize.
        String uploadId = li.getAttribute("data-upload-id");
        JsonNode upload = Http.json(http().get("/v1/uploads/" + uploadId));
        assertThat(upload.get("partSize").asLong()).isEqualTo(PART);
        assertThat(upload.get("imageId").asText()).isEqualTo(r.get("id").asText());
        List<PartRequests.Sent> sent = parts.of(uploadId);
        assertThat(sent).extracting(PartRequests.Sent::partNumber).contains(1, 2, 3).doesNotContain(4);
        assertThat(sent).filteredOn(p -> p.partNumber() < 3).extracting(PartRequests.Sent::contentLength).containsOnly(PART);
        assertThat(sent).filteredOn(p -> p.partNumber() == 3).extracting(PartRequests.Sent::contentLength)
                .containsOnly(Files.size(big) - 2 * PART);
    }

    @Test
    void uploadCutOffByAReloadResumesWithoutSendingHeldPartsAgain() throws IOException {
        Path file = TestImages.tiff(tmp, 1800, 1200);   // uncompressed: 6.5 MB, parts of 5 MiB and 1.2 MiB
        long size = Files.size(file);
        assertThat(size).isBetween(PART + 1, 2 * PART);
        parts.holdFirst(2);
        try {
            driver.get(url("/upload.html"));
            driver.findElement(By.id("files")).sendKeys(file.toAbsolutePath().normalize().toString());
            By row = By.cssSelector("li[data-file='" + file.getFileName() + "']");
            String uploadId = waiting(30).until(d -> {
                String v = d.findElement(row).getAttribute("data-upload-id");
                return v == null || v.isEmpty() ? null : v;
            });
            // The server has part 1 and is stalling on part 2; the browser has kept the file and the upload id.
            waiting(30).until(d -> parts.holding() && Http.json(http().get("/v1/uploads/" + uploadId)).get("parts").size() == 1);
            waiting(30).until(d -> (Boolean) ((JavascriptExecutor) d).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const kept = (localStorage.getItem('uppyState:pixflow-upload') || '').includes(arguments[0]);
                    const open = indexedDB.open('uppy-blobs');
                    open.onerror = () => done(false);
                    open.onsuccess = () => {
                      const db = open.result;
                      if (!db.objectStoreNames.contains('files')) { db.close(); done(false); return; }
                      const all = db.transaction('files').objectStore('files').getAll();
                      all.onsuccess = () => { db.close(); done(kept && all.result.some((e) => e.data.size === arguments[1])); };
                      all.onerror = () => { db.close(); done(false); };
                    };""", uploadId, size));
            int before = Integer.parseInt(driver.findElement(By.cssSelector("li[data-file='" + file.getFileName() + "'] progress"))
                    .getAttribute("value"));
            assertThat(before).isBetween(1, 99);

            driver.navigate().refresh();
            parts.release();

            // Golden Retriever puts the file back, Uppy asks the server which parts it holds and sends the other.
            waiting(60).until(d -> "ready".equals(d.findElement(row).getAttribute("data-status")));
            WebElement li = driver.findElement(row);
            assertThat(li.findElement(By.cssSelector("progress")).getAttribute("value")).isEqualTo("100");
            String imageId = li.getAttribute("data-image-id");
            JsonNode upload = Http.json(http().get("/v1/uploads/" + uploadId));
            assertThat(upload.get("imageId").asText()).as("the same upload was completed").isEqualTo(imageId);
            assertThat(parts.count(uploadId, 1)).as("part 1, held by the server, is not sent again").isEqualTo(1);
            assertThat(parts.count(uploadId, 2)).as("part 2: stalled once, then sent after the reload").isEqualTo(2);
            var r = record(imageId);
            assertThat(r.get("bytes").asLong()).isEqualTo(Files.size(file));
            assertThat(r.get("width").asInt()).isEqualTo(1800);
        } finally {
            parts.release();
        }
    }

    @Test
    void aFileTooBigToKeepInTheBrowserResumesWhenChosenAgainAfterAReload() throws IOException {
        Path file = TestImages.tiff(tmp, 2100, 2000);   // 12.6 MB: over the 10 MiB the browser keeps, so only its upload id survives
        parts.holdFirst(2);
        try {
            driver.get(url("/upload.html"));
            driver.findElement(By.id("files")).sendKeys(file.toAbsolutePath().normalize().toString());
            By row = By.cssSelector("li[data-file='" + file.getFileName() + "']");
            String uploadId = waiting(30).until(d -> {
                String v = d.findElement(row).getAttribute("data-upload-id");
                return v == null || v.isEmpty() ? null : v;
            });
            waiting(30).until(d -> parts.holding() && Http.json(http().get("/v1/uploads/" + uploadId)).get("parts").size() >= 1);
            waiting(30).until(d -> String.valueOf(((JavascriptExecutor) d).executeScript(
                    "return localStorage.getItem('uppyState:pixflow-upload')")).contains(uploadId));

            driver.navigate().refresh();
            parts.release();
            WebElement state = waiting(30).until(d -> d.findElement(By.cssSelector("li[data-file='" + file.getFileName() + "'] .state")));
            waiting(30).until(ExpectedConditions.textToBePresentInElement(state, "choose this file again"));
            List<Integer> held = new java.util.ArrayList<>();
            Http.json(http().get("/v1/uploads/" + uploadId)).get("parts").forEach(p -> held.add(p.get("partNumber").asInt()));
            assertThat(held).contains(1).doesNotContain(2);

            driver.findElement(By.id("files")).sendKeys(file.toAbsolutePath().normalize().toString());
            waiting(60).until(d -> "ready".equals(d.findElement(row).getAttribute("data-status")));
            String imageId = driver.findElement(row).getAttribute("data-image-id");
            assertThat(Http.json(http().get("/v1/uploads/" + uploadId)).get("imageId").asText()).isEqualTo(imageId);
            for (int n : held) {
                assertThat(parts.count(uploadId, n)).as("part %d, held by the server, is not sent again", n).isEqualTo(1);
            }
            assertThat(parts.count(uploadId, 2)).isEqualTo(2);
            assertThat(record(imageId).get("bytes").asLong()).isEqualTo(Files.size(file));
        } finally {
            parts.release();
        }
    }

    @Test
    void adminDashboardShowsQueuesDeadLettersAndCharts() throws IOException {
        driver.get(url("/admin.html"));
        waiting(15).until(ExpectedConditions.textMatches(By.id("m-depth"), java.util.regex.Pattern.compile("\\d+")));
        assertThat(driver.findElement(By.id("m-dead")).getText()).matches("\\d+");
        waiting(15).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dead tr")));
        // The activity charts come from /v1/admin/activity: a point per minute of the last 30.
        waiting(15).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const c = Chart.getChart(document.getElementById('c-rate')); return !!c && c.data.labels.length === 30"));
        assertThat(driver.findElement(By.id("status")).getAttribute("class")).isNotEqualTo("error");
        screenshot("admin");
    }
}
