package dev.pixflow.app.ui;

import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first key, made on the admin page of an open server, closes the server: its token stays on the
 * page (it is shown only once), and the page keeps it as the browser's key and goes on with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminFirstKeyBrowserTest extends PixflowTestBase {
    static final java.nio.file.Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @Autowired
    ApiKeys keys;

    @Test
    void theFirstKeyMadeOnThePageStaysShownAndIsKeptAsTheBrowsersKey() throws IOException {
        assertThat(keys.noneIssued()).isTrue();
        ChromeDriver driver = HeadlessChromium.start();
        try {
            driver.get(http().base() + "/admin.html");
            HeadlessChromium.waiting(driver, 10).until(d -> d.findElement(By.id("keys-list")).getText().contains("No keys."));
            assertThat(driver.findElement(By.id("key-scope")).getAttribute("value")).as("an open server's first key is an admin's")
                    .isEqualTo("admin");
            driver.findElement(By.id("key-owner")).sendKeys("ops");
            driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();

            // The list is drawn again after the key is made: with the kept key, it lists the new key.
            By listed = By.cssSelector("#keys-list tr[data-key]");
            HeadlessChromium.waiting(driver, 10).until(d -> d.findElements(listed).size() == 1);
            String token = driver.findElement(By.id("new-token")).getText();
            assertThat(token).startsWith(ApiKeys.TOKEN_PREFIX);
            assertThat(((JavascriptExecutor) driver).executeScript("return localStorage.getItem('pixflow.apiKey')")).isEqualTo(token);
            assertThat(driver.findElement(By.id("keys-error")).getText()).isEmpty();
            assertThat(driver.findElement(By.id("key-made")).getText()).contains("saved as this browser's API key");
            assertThat(http().send(http().request("/v1/admin/keys").header("Authorization", "Bearer " + token).GET().build())
                    .statusCode()).as("an admin's key").isEqualTo(200);
            assertThat(http().get("/v1/images").statusCode()).as("the server is closed now").isEqualTo(401);
        } finally {
            driver.quit();
        }
    }
}
