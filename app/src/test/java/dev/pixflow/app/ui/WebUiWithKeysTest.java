package dev.pixflow.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once keys exist, the UI's pages, scripts, settings and WebJars still load without one (they hold no
 * data), while the API they call still needs a key; a key saved in the page's header goes with every
 * request of an upload (Uppy's included), so the image is its owner's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebUiWithKeysTest extends PixflowTestBase {
    static final java.nio.file.Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @Autowired
    ApiKeys keys;

    @Test
    void pagesLoadWithoutAKeyButTheApiNeedsOne() {
        keys.issue("someone", false);
        for (String path : new String[] {"/", "/upload.html", "/image.html", "/admin.html", "/ui/app.js",
                "/ui/style.css", "/ui/config.json", "/ui/vendor/uppy/uppy.min.js", "/webjars/chart.js/4.4.7/dist/chart.umd.js"}) {
            assertThat(http().get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(http().get("/").body()).contains("<h1>Gallery</h1>");
        assertThat(http().get("/v1/images").statusCode()).isEqualTo(401);
        assertThat(http().get("/v1/x.html").statusCode()).isEqualTo(401);
    }

    /**
     * The pages keep a key in the browser: they run their own scripts only, cannot be framed, and are
     * revalidated on every load so that one page never mixes two versions of its modules.
     */
    @Test
    void pagesAndScriptsCarryTheirSecurityAndCachingHeaders() {
        for (String path : new String[] {"/", "/upload.html", "/image.html", "/admin.html", "/ui/app.js", "/ui/style.css"}) {
            var r = http().get(path);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("script-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'"));
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(r.headers().firstValue("Cache-Control")).as(path).contains("no-cache");
        }
        assertThat(http().get("/v1/images").headers().firstValue("Content-Security-Policy")).as("the API's answers").isEmpty();
    }

    @TempDir
    Path tmp;

    @Test
    void anUploadFromTheBrowserCarriesTheSavedKey() throws IOException {
        ApiKeys.Issued key = keys.issue("browser-owner", false);
        Path photo = TestImages.jpeg(tmp, 640, 480);
        ChromeDriver driver = HeadlessChromium.start();
        try {
            driver.get(http().base() + "/upload.html");
            HeadlessChromium.drawn(driver, By.id("api-key")).sendKeys(key.token());
            driver.findElement(By.cssSelector("form.key button[type=submit]")).click();
            HeadlessChromium.waiting(driver, 10).until(d -> key.token().equals(
                    ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return localStorage.getItem('pixflow.apiKey')")));
            driver.findElement(By.id("files")).sendKeys(photo.toAbsolutePath().normalize().toString());
            By row = By.cssSelector("li[data-file='" + photo.getFileName() + "']");
            HeadlessChromium.waiting(driver, 60).until(d -> {
                String status = d.findElement(row).getAttribute("data-status");
                return status == null || status.isEmpty() ? null : status;
            });
            WebElement li = driver.findElement(row);
            assertThat(li.getAttribute("data-status")).as(li.getText()).isEqualTo("ready");
            String id = li.getAttribute("data-image-id");
            assertThat(http().get("/v1/images/" + id).statusCode()).isEqualTo(401);
            JsonNode image = Http.json(http().send(http().request("/v1/images/" + id)
                    .header("Authorization", "Bearer " + key.token()).GET().build()));
            assertThat(image.get("owner").asText()).isEqualTo("browser-owner");
            assertThat(image.get("status").asText()).isEqualTo("ready");
        } finally {
            driver.quit();
        }
    }
}
