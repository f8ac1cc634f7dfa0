package dev.pixflow.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.testing.servers.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upload page on the scale-out engines (uploads in an S3 bucket: s3proxy, with CORS for the page's
 * origin; SQS; PostgreSQL), where the server offers presigned parts: the browser sends every part
 * straight to the bucket (its own requests name the bucket's presigned URLs; the server receives no
 * part), the image comes out ready and its owner's, a refused file still says why, and an upload cut
 * off by a reload resumes from the parts the bucket lists.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiDirectUploadTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final String NAME = "webdirect";
    static final String BUCKET = NAME + "-originals";
    static final long PART = 5L * 1024 * 1024;
    /** A bucket of its own that answers the page (on localhost, any port) across origins. */
    static final S3Server S3 = S3Server.startWithCors("http://localhost:*");

    static ChromeDriver driver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        Map<String, String> settings = ScaleOutServers.all(NAME);   // SQS and PostgreSQL shared; the bucket ours
        S3.createBucket(BUCKET);
        S3.createBucket(NAME + "-renditions");
        settings.put("pixflow.storage.s3.endpoint", S3.endpoint().toString());
        settings.forEach((k, v) -> r.add(k, () -> v));
        r.add("pixflow.multipart.part-size", () -> "5MB");
        r.add("pixflow.ui.parallel-parts", () -> "2");
    }

    @TestConfiguration
    static class Hooks {
        @Bean
        PartRequests throughPixflow() {
            return PartRequests.puts();
        }

        @Bean
        PartRequests presigns() {
            return PartRequests.presigns();
        }
    }

    @Autowired
    PartRequests throughPixflow;
    @Autowired
    PartRequests presigns;
    @Autowired
    ApiKeys keys;

    @TempDir
    Path tmp;

    @BeforeAll
    static void browser() throws IOException {
        driver = HeadlessChromium.start();
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void photosGoInPresignedPartsStraightToTheBucketAndComeOutReadyAndTheirOwners() throws IOException {
        String token = keys.issue("browser-owner", false).token();
        Path photo = TestImages.jpeg(tmp, 1200, 900);      // one part
        Path big = TestImages.tiff(tmp, 2000, 2000);       // uncompressed: 12 MB, three parts
        assertThat(Files.size(big)).isGreaterThan(2 * PART);
        openUploadPageWithKey(token);

        driver.findElement(By.id("files")).sendKeys(photo.toAbsolutePath().normalize() + "\n" + big.toAbsolutePath().normalize());
        WebElement photoRow = awaitStatus(photo);
        WebElement bigRow = awaitStatus(big);
        assertThat(photoRow.getAttribute("data-status")).as(photoRow.getText()).isEqualTo("ready");
        assertThat(bigRow.getAttribute("data-status")).as(bigRow.getText()).isEqualTo("ready");

        for (var f : List.of(Map.entry(photo, photoRow), Map.entry(big, bigRow))) {
            String uploadId = f.getValue().getAttribute("data-upload-id");
            int parts = (int) Math.ceilDiv(Files.size(f.getKey()), PART);
            // The server signed each part and received none; the browser's own requests went to the bucket.
            assertThat(throughPixflow.of(uploadId)).as("parts sent through Pixflow").isEmpty();
            for (int n = 1; n <= parts; n++) {
                assertThat(presigns.count(uploadId, n)).as("part %d presigned", n).isEqualTo(1);
            }
            assertThat(presigns.count(uploadId, parts + 1)).isZero();
            assertThat(bucketRequests(uploadId)).as("the browser's PUTs to the bucket")
                    .hasSize(parts)
                    .allSatisfy(url -> assertThat(url).contains("X-Amz-Signature=").contains("uploadId="))
                    .anySatisfy(url -> assertThat(url).contains("partNumber=" + parts));

            JsonNode upload = Http.json(asOwner(token, "/v1/uploads/" + uploadId));
            String imageId = f.getValue().getAttribute("data-image-id");
            assertThat(upload.get("imageId").asText()).isEqualTo(imageId);
            JsonNode image = Http.json(asOwner(token, "/v1/images/" + imageId));
            assertThat(image.get("owner").asText()).isEqualTo("browser-owner");
            assertThat(image.get("status").asText()).isEqualTo("ready");
            assertThat(image.get("bytes").asLong()).isEqualTo(Files.size(f.getKey()));
            assertThat(image.get("filename").asText()).isEqualTo(f.getKey().getFileName().toString());
        }
        assertThat(Http.json(asOwner(token, "/v1/images/" + bigRow.getAttribute("data-image-id"))).get("width").asInt())
                .isEqualTo(2000);

        // A refused file still says why, in the API's words: refused at the start (its type) ...
        Path bad = TestImages.notAnImage(tmp);
        driver.findElement(By.id("files")).sendKeys(bad.toAbsolutePath().normalize().toString());
        WebElement refused = waiting(30).until(d -> d.findElement(By.cssSelector("li[data-file='" + bad.getFileName() + "'] .state.error")));
        assertThat(refused.getText()).startsWith("refused: ").isNotEqualTo("refused: ");
        // ... or, named as a JPEG, sent to the bucket and refused when completed (its bytes).
        Path fake = Files.writeString(tmp.resolve("notes.jpg"), "not pixels ".repeat(2_000));
        driver.findElement(By.id("files")).sendKeys(fake.toAbsolutePath().normalize().toString());
        By fakeRow = By.cssSelector("li[data-file='notes.jpg']");
        WebElement completedRefused = waiting(30).until(d -> d.findElement(By.cssSelector("li[data-file='notes.jpg'] .state.error")));
        assertThat(completedRefused.getText()).startsWith("refused: ").isNotEqualTo("refused: ");
        String fakeUpload = driver.findElement(fakeRow).getAttribute("data-upload-id");
        assertThat(presigns.count(fakeUpload, 1)).as("its one part was presigned").isEqualTo(1);
        assertThat(bucketRequests(fakeUpload)).as("and sent to the bucket").hasSize(1);
        assertThat(throughPixflow.of(fakeUpload)).isEmpty();
    }

    @Test
    void anUploadCutOffByAReloadResumesFromThePartsTheBucketLists() throws IOException {
        String token = keys.issue("resumer", false).token();
        Path file = TestImages.tiff(tmp, 1800, 1200);   // uncompressed: 6.5 MB, parts of 5 MiB and 1.2 MiB
        long size = Files.size(file);
        assertThat(size).isBetween(PART + 1, 2 * PART);
        presigns.holdFirst(2);
        try {
            openUploadPageWithKey(token);
            driver.findElement(By.id("files")).sendKeys(file.toAbsolutePath().normalize().toString());
            By row = By.cssSelector("li[data-file='" + file.getFileName() + "']");
            String uploadId = waiting(30).until(d -> {
                String v = d.findElement(row).getAttribute("data-upload-id");
                return v == null || v.isEmpty() ? null : v;
            });
            // Part 1 is in the bucket (the server lists it from ListParts), part 2 waits for its URL,
            // and the browser has kept the file and the upload id.
            waiting(30).until(d -> presigns.holding()
                    && Http.json(asOwner(token, "/v1/uploads/" + uploadId)).get("parts").size() == 1);
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

            driver.navigate().refresh();
            presigns.release();

            // Golden Retriever puts the file back; the bucket's list says part 1 is there; part 2 is signed and sent.
            waiting(60).until(d -> "ready".equals(d.findElement(row).getAttribute("data-status")));
            String imageId = driver.findElement(row).getAttribute("data-image-id");
            assertThat(Http.json(asOwner(token, "/v1/uploads/" + uploadId)).get("imageId").asText())
                    .as("the same upload was completed").isEqualTo(imageId);
            assertThat(presigns.count(uploadId, 1)).as("part 1, in the bucket, is not sent again").isEqualTo(1);
            assertThat(presigns.count(uploadId, 2)).as("part 2: held once, then signed after the reload").isEqualTo(2);
            assertThat(bucketRequests(uploadId)).as("after the reload, only part 2 went to the bucket")
                    .singleElement().asString().contains("partNumber=2");
            assertThat(throughPixflow.of(uploadId)).as("parts sent through Pixflow").isEmpty();
            JsonNode image = Http.json(asOwner(token, "/v1/images/" + imageId));
            assertThat(image.get("bytes").asLong()).isEqualTo(size);
            assertThat(image.get("owner").asText()).isEqualTo("resumer");
        } finally {
            presigns.release();
        }
    }

    private void openUploadPageWithKey(String token) {
        driver.get(http().base() + "/upload.html");
        WebElement key = HeadlessChromium.drawn(driver, By.id("api-key"));
        key.clear();
        key.sendKeys(token);
        driver.findElement(By.cssSelector("form.key button[type=submit]")).click();
        waiting(10).until(d -> token.equals(((JavascriptExecutor) d).executeScript("return localStorage.getItem('pixflow.apiKey')")));
        waiting(10).until(d -> d.findElement(By.id("files")).isEnabled());
    }

    private WebElement awaitStatus(Path file) {
        By row = By.cssSelector("li[data-file='" + file.getFileName() + "']");
        return waiting(90).until(d -> {
            WebElement li = d.findElement(row);
            String status = li.getAttribute("data-status");
            return status == null || status.isEmpty() ? null : li;
        });
    }

    /** The requests this page made to the bucket's object of an upload (the browser's resource timing). */
    @SuppressWarnings("unchecked")
    private List<String> bucketRequests(String uploadId) {
        String prefix = S3.endpoint() + "/" + BUCKET + "/uploads/" + uploadId + "?";
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.startsWith(arguments[0]))",
                prefix);
    }

    private HttpResponse<String> asOwner(String token, String path) {
        HttpResponse<String> r = http().send(http().request(path).header("Authorization", "Bearer " + token).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    private WebDriverWait waiting(int seconds) {
        return HeadlessChromium.waiting(driver, seconds);
    }
}
