package dev.pixflow.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A private image on a server with API keys and no delivery keys: its URLs are not signed and open only
 * with the owner's key, which an {@code <img>} cannot send. The pages fetch them with the key and show
 * them from memory, in the gallery and on the image page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrivateImagesBrowserTest extends PixflowTestBase {
    static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @Autowired
    ApiKeys keys;
    @TempDir
    Path tmp;

    @Test
    void aPrivateImageIsShownToItsOwnerInTheGalleryAndOnItsPage() throws Exception {
        String ana = keys.issue("ana", false).token();
        HttpResponse<String> uploaded = http().send(http().request("/v1/images?visibility=private&tags=secret")
                .header("Authorization", "Bearer " + ana).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(tmp, 640, 480))).build());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String id = Http.json(uploaded).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> Http.json(http().send(
                http().request("/v1/images/" + id).header("Authorization", "Bearer " + ana).GET().build()))
                .get("status").asText().equals("ready"));
        JsonNode record = Http.json(http().send(http().request("/v1/images/" + id).header("Authorization", "Bearer " + ana).GET().build()));
        String thumb = record.at("/variants/thumb/url").asText();
        assertThat(thumb).as("no delivery keys: not signed").doesNotContain("sig=");
        assertThat(http().get(thumb.replaceFirst("^https?://[^/]+", "")).statusCode()).as("without the key").isEqualTo(404);

        ChromeDriver driver = HeadlessChromium.start();
        try {
            driver.get(http().base() + "/?tag=secret");
            HeadlessChromium.drawn(driver, By.id("api-key")).sendKeys(ana);
            driver.findElement(By.cssSelector("form.key button[type=submit]")).click();
            By tile = By.cssSelector("#grid a[href='/image.html?id=" + id + "'] img");
            HeadlessChromium.waiting(driver, 20).until(d -> !d.findElements(tile).isEmpty() && shown(d, d.findElement(tile)));

            driver.get(http().base() + "/image.html?id=" + id);
            HeadlessChromium.waiting(driver, 20).until(d -> shown(d, d.findElement(By.id("main"))));
            // The live preview of a text overlay opens with the owner's key too.
            driver.findElement(By.id("o-text")).sendKeys("Secret");
            HeadlessChromium.waiting(driver, 20).until(d -> shown(d, d.findElement(By.id("preview"))));
            assertThat(driver.findElement(By.id("o-status")).getText()).isEmpty();
        } finally {
            driver.quit();
        }
    }

    /** The gallery offers the browser the photo at its sizes, not a rendition made by a recipe (text, a crop). */
    @Test
    void theGalleryChoosesAmongTheVariantsOnlyNotAmongRenditions() throws Exception {
        String bo = keys.issue("bo", false).token();
        HttpResponse<String> uploaded = http().send(http().request("/v1/images?tags=public-one")
                .header("Authorization", "Bearer " + bo).header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofFile(TestImages.jpeg(tmp, 2000, 1500))).build());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String id = Http.json(uploaded).get("id").asText();
        HttpResponse<String> asked = http().send(http().request("/v1/images/" + id + "/renditions")
                .header("Authorization", "Bearer " + bo).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"draft\", \"ops\": [{\"op\": \"resize\", \"width\": 400}]}")).build());
        assertThat(asked.statusCode()).as(asked.body()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode r = Http.json(http().send(http().request("/v1/images/" + id).header("Authorization", "Bearer " + bo).GET().build()));
            return r.get("status").asText().equals("ready") && r.at("/variants/draft/status").asText().equals("ready");
        });

        ChromeDriver driver = HeadlessChromium.start();
        try {
            driver.get(http().base() + "/?tag=public-one");
            HeadlessChromium.drawn(driver, By.id("api-key")).sendKeys(bo);
            driver.findElement(By.cssSelector("form.key button[type=submit]")).click();
            By tile = By.cssSelector("#grid a[href='/image.html?id=" + id + "'] img");
            HeadlessChromium.waiting(driver, 20).until(d -> !d.findElements(tile).isEmpty()
                    && !d.findElement(tile).getAttribute("srcset").isEmpty());
            String srcset = driver.findElement(tile).getAttribute("srcset");
            assertThat(srcset).contains("/thumb 256w").doesNotContain("draft");
        } finally {
            driver.quit();
        }
    }

    /** Whether an image element has decoded a picture (a broken one has no natural width). */
    private static boolean shown(org.openqa.selenium.WebDriver driver, org.openqa.selenium.WebElement img) {
        return (Boolean) ((JavascriptExecutor) driver).executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0;", img);
    }
}
