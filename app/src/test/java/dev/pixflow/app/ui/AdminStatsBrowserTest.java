package dev.pixflow.app.ui;

import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page's statistics panel in a real browser (Debian's headless chromium, as in
 * {@link WebUiBrowserTest}): after two uploads through the API it shows them, in its cards, in the
 * per-day table behind the chart, by format and by tag, and their render times.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
class AdminStatsBrowserTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final Path SHOTS = Path.of("target", "screenshots");

    static ChromeDriver driver;

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @BeforeAll
    static void browser() throws IOException {
        driver = HeadlessChromium.start(1600);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void close() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList();
    }

    @Test
    void theStatisticsPanelShowsTheUploads() throws Exception {
        long bytes = 0;
        for (Path photo : List.of(TestImages.jpeg(DATA, 700, 500), TestImages.jpeg(DATA, 500, 400))) {
            var created = http().uploadRaw(photo, "image/jpeg", "filename=" + photo.getFileName() + "&tags=statstest,sea");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            bytes += Http.json(created).get("bytes").asLong();
            awaitReady(Http.json(created).get("id").asText());
        }

        driver.get("http://localhost:" + port + "/admin.html");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(20));
        wait.until(d -> d.findElement(By.id("s-uploads")).getText().equals("2"));
        assertThat(driver.findElement(By.id("s-images")).getText()).isEqualTo("2");
        assertThat(driver.findElement(By.cssSelector("label[for='s-uploads']")).getText()).isEqualTo("Uploads in the window");

        // The table behind the chart: newest day first, today's two uploads and their bytes.
        driver.findElement(By.cssSelector("#stats details summary")).click();
        List<WebElement> days = driver.findElements(By.cssSelector("#stats-days-table tr"));
        assertThat(days).hasSize(30);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(cells(days.getFirst())).containsExactly(today, "2", fmtBytes(bytes));
        assertThat(driver.findElement(By.id("c-uploads")).getAttribute("aria-label")).contains("Uploads");

        assertThat(cells(driver.findElement(By.cssSelector("#stats-formats tr")))).containsExactly("jpeg", "2", fmtBytes(bytes));
        assertThat(driver.findElements(By.cssSelector("#stats-tags tr")).stream().map(AdminStatsBrowserTest::cells).toList())
                .containsExactly(List.of("sea", "2"), List.of("statstest", "2"));
        List<List<String>> render = driver.findElements(By.cssSelector("#stats-render tr")).stream()
                .map(AdminStatsBrowserTest::cells).toList();
        assertThat(render).extracting(r -> r.get(0)).containsExactly("all", "large", "medium", "thumb");
        assertThat(render.getFirst().get(1)).isEqualTo("6");
        driver.findElement(By.cssSelector("#stats details summary")).click();
        driver.executeScript("document.getElementById('stats').scrollIntoView()");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SHOTS.resolve("admin-stats.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** As the page's {@code fmtBytes} shows a size. */
    private static String fmtBytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        double v = n;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? n + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
