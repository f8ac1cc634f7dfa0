package dev.pixflow.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page's keys panel in a real browser: with an admin key saved in the header, it makes a key
 * (owner, scope, expiry), shows its token once, lists it, and revokes it; the API agrees at each step.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminKeysBrowserTest extends PixflowTestBase {
    static final java.nio.file.Path DATA = newDataDir();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
    }

    @Autowired
    ApiKeys keys;

    private int statusWith(String token) {
        return http().send(http().request("/v1/images").header("Authorization", "Bearer " + token).GET().build()).statusCode();
    }

    @Test
    void anAdminMakesListsAndRevokesAKeyOnThePage() throws IOException {
        ApiKeys.Issued admin = keys.issue("ops", true);
        ChromeDriver driver = HeadlessChromium.start();
        try {
            driver.get(http().base() + "/admin.html");
            HeadlessChromium.drawn(driver, By.id("api-key")).sendKeys(admin.token());
            driver.findElement(By.cssSelector("form.key button[type=submit]")).click();
            HeadlessChromium.waiting(driver, 10).until(d -> d.findElements(By.cssSelector("#keys-list tr[data-key='"
                    + admin.key().id() + "']")).size() == 1);

            LocalDate expires = LocalDate.now(ZoneOffset.UTC).plusDays(30);
            driver.findElement(By.id("key-owner")).sendKeys("ana");
            new Select(driver.findElement(By.id("key-scope"))).selectByValue("user");
            // A date input types by the browser's locale; its value is ISO whatever the locale.
            ((JavascriptExecutor) driver).executeScript("document.getElementById('key-expires').value = arguments[0]",
                    expires.toString());
            driver.findElement(By.cssSelector("#key-form button[type=submit]")).click();

            String token = HeadlessChromium.waiting(driver, 10).until(d -> {
                var shown = d.findElements(By.id("new-token"));
                return shown.isEmpty() ? null : shown.getFirst().getText();
            });
            assertThat(token).startsWith(ApiKeys.TOKEN_PREFIX);
            assertThat(statusWith(token)).isEqualTo(200);

            JsonNode made = Http.json(http().send(http().request("/v1/admin/keys")
                    .header("Authorization", "Bearer " + admin.token()).GET().build())).get("items").get(1);
            assertThat(made.get("owner").asText()).isEqualTo("ana");
            assertThat(made.get("scope").asText()).isEqualTo("user");
            assertThat(made.get("expiresAt").asText()).isEqualTo(expires + "T00:00:00Z");
            By row = By.cssSelector("#keys-list tr[data-key='" + made.get("id").asText() + "']");
            WebElement listed = HeadlessChromium.waiting(driver, 10).until(d -> d.findElements(row).isEmpty() ? null : d.findElement(row));
            assertThat(listed.getText()).contains("ana").contains("active");

            listed.findElement(By.cssSelector("button")).click();
            driver.switchTo().alert().accept();
            // The table is drawn anew after the revocation: a row found a moment before may be gone, which
            // the wait takes as "not yet".
            HeadlessChromium.waiting(driver, 10).until(d -> d.findElement(row).getText().contains("revoked"));
            assertThat(driver.findElement(row).findElements(By.cssSelector("button"))).as("nothing left to revoke").isEmpty();
            assertThat(statusWith(token)).isEqualTo(401);
        } finally {
            driver.quit();
        }
    }
}
