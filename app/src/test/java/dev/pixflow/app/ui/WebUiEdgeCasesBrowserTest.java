package dev.pixflow.app.ui;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI where a user's path leaves the straight line: the network failing for a moment under the
 * image page and under an upload being watched, the page's own refreshes under an edit, the same file
 * uploaded twice, the gallery's form changed but not searched, a download's name, long names on a phone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiEdgeCasesBrowserTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    static ChromeDriver driver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void browser() throws IOException {
        driver = HeadlessChromium.start();
        driver.executeCdpCommand("Network.enable", Map.of());
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterEach
    void everyRequestGoesThroughAgain() {
        if (driver != null) {
            blockRecords(false);
            driver.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    /** The browser fails every request for an image record, as a dropped connection does. */
    private static void blockRecords(boolean blocked) {
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", blocked ? List.of("*/v1/images/*") : List.of()));
    }

    private WebDriverWait waiting(int seconds) {
        return HeadlessChromium.waiting(driver, seconds);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String upload(Path file, String contentType, String query) throws IOException {
        var created = http().uploadRaw(file, contentType, query);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Http.json(created).get("id").asText();
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theImagePageRidesOutAFailedLoadAndShowsTheImageOnceTheNetworkIsBack() throws IOException {
        String id = upload(TestImages.jpeg(tmp, 420, 300), "image/jpeg", "title=" + encoded("Back again"));
        awaitReady(id);
        blockRecords(true);
        driver.get(url("/image.html?id=" + id));
        waiting(10).until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile("Could not load: .*trying again\\.")));
        assertThat(driver.findElement(By.id("image")).isDisplayed()).isFalse();

        blockRecords(false);
        waiting(20).until(ExpectedConditions.textToBe(By.id("title"), "Back again"));
        assertThat(driver.findElement(By.id("image")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("status")).getText()).isEmpty();
    }

    @Test
    void anUploadWatchedThroughAFailedLookStillEndsReady() throws IOException {
        Path file = TestImages.jpeg(tmp, 640, 360);
        driver.get(url("/upload.html"));
        // The upload itself goes through /v1/uploads; only the looks at its record fail.
        blockRecords(true);
        driver.findElement(By.id("files")).sendKeys(file.toAbsolutePath().toString());
        By state = By.cssSelector("li[data-file='" + file.getFileName() + "'] .state");
        waiting(30).until(ExpectedConditions.textMatches(state, Pattern.compile("processing \\(could not ask.*asking again\\)")));

        blockRecords(false);
        By row = By.cssSelector("li[data-file='" + file.getFileName() + "']");
        waiting(30).until(d -> "ready".equals(d.findElement(row).getAttribute("data-status")));
        assertThat(driver.findElement(state).getText()).isEqualTo("ready");
    }

    @Test
    void anEditSurvivesThePagesOwnRefreshAndSavesWithoutAConflict() throws IOException {
        String id = upload(TestImages.jpeg(tmp, 500, 400), "image/jpeg", null);
        awaitReady(id);
        driver.get(url("/image.html?id=" + id));
        WebElement description = waiting(10).until(ExpectedConditions.elementToBeClickable(By.id("e-description")));
        description.sendKeys("Typed before asking for a rendition");
        String before = http().get("/v1/images/" + id).headers().firstValue("ETag").orElseThrow();

        // Asking for a rendition from the page changes the record (and its ETag) and the page reads it again.
        driver.findElement(By.id("o-text")).sendKeys("Hi");
        driver.findElement(By.id("o-name")).clear();
        driver.findElement(By.id("o-name")).sendKeys("hello");
        driver.findElement(By.cssSelector("#overlay button[type=submit]")).click();
        waiting(30).until(d -> d.findElement(By.cssSelector("li[data-variant='hello']")));
        assertThat(http().get("/v1/images/" + id).headers().firstValue("ETag").orElseThrow()).isNotEqualTo(before);
        assertThat(description.getAttribute("value")).isEqualTo("Typed before asking for a rendition");

        driver.findElement(By.cssSelector("#edit button[type=submit]")).click();
        waiting(10).until(ExpectedConditions.textToBe(By.id("e-status"), "Saved."));
        assertThat(record(id).get("description").asText()).isEqualTo("Typed before asking for a rendition");
    }

    @Test
    void theSameFileUploadedTwiceIsTwoImagesEachWithARowAndALinkOfItsOwn() throws IOException {
        Path file = TestImages.jpeg(tmp, 360, 240);
        driver.get(url("/upload.html"));
        By rows = By.cssSelector("li[data-file='" + file.getFileName() + "']");
        driver.findElement(By.id("files")).sendKeys(file.toAbsolutePath().toString());
        waiting(30).until(d -> "ready".equals(d.findElement(rows).getAttribute("data-status")));
        driver.findElement(By.id("files")).sendKeys(file.toAbsolutePath().toString());
        waiting(30).until(d -> d.findElements(rows).size() == 2
                && d.findElements(rows).stream().allMatch(li -> "ready".equals(li.getAttribute("data-status"))));

        List<WebElement> both = driver.findElements(rows);
        String first = both.get(0).getAttribute("data-image-id");
        String second = both.get(1).getAttribute("data-image-id");
        assertThat(first).isNotEqualTo(second);
        for (WebElement li : both) {
            assertThat(li.findElement(By.tagName("a")).getAttribute("href"))
                    .endsWith("/image.html?id=" + li.getAttribute("data-image-id"));
        }
        assertThat(record(first).get("sha256").asText()).isEqualTo(record(second).get("sha256").asText());
    }

    @Test
    void theGalleryGoesOnWithTheSearchShownNotWithTheFormChangedSince() throws IOException {
        int tagged = 26;   // more than the gallery's page of 24
        for (int i = 0; i < tagged; i++) {
            upload(TestImages.jpeg(tmp, 100 + i, 80), "image/jpeg", "tags=pages");
        }
        upload(TestImages.jpeg(tmp, 90, 70), "image/jpeg", "tags=other");
        // Narrow and short: two thumbnails a row, so the first page is far longer than the window.
        driver.manage().window().setSize(new Dimension(600, 500));
        driver.get(url("/?tag=pages&sort=oldest"));
        waiting(10).until(ExpectedConditions.textMatches(By.id("status"), Pattern.compile("24 images, scroll for more")));

        WebElement tag = driver.findElement(By.id("tag"));
        tag.clear();
        tag.sendKeys("other");
        driver.findElement(By.id("sort")).sendKeys("newest");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, document.body.scrollHeight)");

        waiting(20).until(ExpectedConditions.textToBe(By.id("status"), tagged + " images"));
        assertThat(driver.findElements(By.cssSelector("#grid li"))).hasSize(tagged);
        assertThat(driver.getCurrentUrl()).endsWith("/?tag=pages&sort=oldest");
    }

    @Test
    void aDownloadIsNamedForItsOwnFormatWithoutDirectionMarks() throws IOException {
        String name = "logo\u202Egnp.exe.png";
        String id = upload(TestImages.png(tmp, 300, 200), "image/png", "filename=" + encoded(name));
        awaitReady(id);
        driver.get(url("/image.html?id=" + id));
        WebElement thumb = waiting(10).until(d -> d.findElement(By.cssSelector("li[data-variant='thumb'] a")));
        assertThat(record(id).at("/variants/thumb/contentType").asText()).isEqualTo("image/jpeg");
        assertThat(thumb.getAttribute("download")).isEqualTo("thumb-logognp.exe.jpg");
        assertThat(driver.findElement(By.xpath("//ul[@id='variants']/li[1]/a")).getAttribute("download"))
                .isEqualTo("logognp.exe.png");
    }

    @Test
    void longUnbrokenNamesWrapOnAPhone() throws IOException {
        String title = "IMG_" + "0123456789".repeat(19);
        String id = upload(TestImages.jpeg(tmp, 300, 300), "image/jpeg", "title=" + title);
        awaitReady(id);
        driver.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("/image.html?id=" + id, "/upload.html")) {
            driver.get(url(page));
            HeadlessChromium.drawn(driver, By.cssSelector("header"));
            if (page.startsWith("/image")) {
                waiting(10).until(ExpectedConditions.textToBe(By.id("title"), title));
            }
            waiting(10).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "return innerWidth <= 400 && document.documentElement.scrollWidth <= innerWidth"));
        }
    }
}
