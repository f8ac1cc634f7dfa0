package dev.pixflow.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.IdentityProvider;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.engine.vips.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI with an identity provider configured (a real OIDC server with a login page, started
 * here): a page opened without a signed-in user goes to the provider's login page, comes back with a
 * code that the page trades for tokens (authorization code with PKCE, by the bundled oidc-client-ts),
 * and lands on the page first asked for, signed in; its uploads are the signed-in user's, owned by
 * the configured claim; after signing out, the next user to sign in is who the pages act as. There is
 * no API key field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignInBrowserTest extends PixflowTestBase {
    static final Path DATA = newDataDir();
    static final IdentityProvider IDP = IdentityProvider.withLoginPage();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        IDP.configure(r);
    }

    @AfterAll
    static void stopProvider() {
        IDP.close();
    }

    @TempDir
    Path tmp;

    @Test
    void theUiSignsInAtTheProviderAndUploadsAsTheSignedInUser() throws IOException {
        JsonNode config = Http.json(http().get("/ui/config.json"));
        assertThat(config.get("signIn").get("issuer").asText()).isEqualTo(IDP.issuerUri());
        assertThat(config.get("signIn").get("clientId").asText()).isEqualTo(IdentityProvider.UI_CLIENT);

        Path photo = TestImages.jpeg(tmp, 640, 480);
        ChromeDriver driver = HeadlessChromium.start();
        try {
            driver.get(http().base() + "/upload.html");
            signInAtTheProvider(driver, "ana", "{\"email\": \"ana@example.com\"}");

            HeadlessChromium.waiting(driver, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in-as")));
            assertThat(driver.getCurrentUrl()).as("back on the page first asked for, without the code")
                    .isEqualTo(http().base() + "/upload.html");
            assertThat(driver.findElement(By.id("signed-in-as")).getText()).isEqualTo("ana@example.com");
            assertThat(driver.findElements(By.id("api-key"))).as("no key field when signing in").isEmpty();

            driver.findElement(By.id("files")).sendKeys(photo.toAbsolutePath().normalize().toString());
            By row = By.cssSelector("li[data-file='" + photo.getFileName() + "']");
            HeadlessChromium.waiting(driver, 60).until(d -> {
                String status = d.findElement(row).getAttribute("data-status");
                return status == null || status.isEmpty() ? null : status;
            });
            WebElement li = driver.findElement(row);
            assertThat(li.getAttribute("data-status")).as(li.getText()).isEqualTo("ready");
            String id = li.getAttribute("data-image-id");
            JsonNode image = Http.json(http().send(http().request("/v1/images/" + id)
                    .header("Authorization", "Bearer " + IDP.token("ana@example.com")).GET().build()));
            assertThat(image.get("owner").asText()).as("the email claim of the signed-in user").isEqualTo("ana@example.com");

            // Another page of the same tab: still signed in, no second trip to the provider.
            driver.get(http().base() + "/");
            HeadlessChromium.waiting(driver, 20).until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in-as")));
            HeadlessChromium.waiting(driver, 20).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("a[href='/image.html?id=" + id + "']")));
            assertThat(driver.getCurrentUrl()).isEqualTo(http().base() + "/");

            // Signing out forgets the user here and at the provider: the page asks the provider again, and
            // whoever signs in next is who the pages act as.
            driver.findElement(By.cssSelector("form.key button[type=submit]")).click();
            signInAtTheProvider(driver, "bo", "{\"email\": \"bo@example.com\"}");
            HeadlessChromium.waiting(driver, 20).until(ExpectedConditions.textToBe(By.id("signed-in-as"), "bo@example.com"));
            assertThat(driver.getCurrentUrl()).isEqualTo(http().base() + "/");
            HeadlessChromium.waiting(driver, 20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "No images"));
            assertThat(driver.findElements(By.cssSelector("a[href='/image.html?id=" + id + "']"))).as("ana's image is not bo's").isEmpty();
        } finally {
            driver.quit();
        }
    }

    @Test
    void aTokenThisServerRefusesRightAfterSignInIsShownRatherThanSignedInAgain() throws IOException {
        ChromeDriver driver = HeadlessChromium.start();
        try {
            driver.get(http().base() + "/");
            // A provider that makes the UI's tokens for another service: every API call is a 401.
            signInAtTheProvider(driver, "cy", "{\"email\": \"cy@example.com\", \"aud\": \"another-service\"}");
            HeadlessChromium.waiting(driver, 20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Could not search"));
            assertThat(driver.findElement(By.id("status")).getText()).contains("aud");
            assertThat(driver.getCurrentUrl()).as("no round trip to the provider again").isEqualTo(http().base() + "/");
            assertThat(driver.findElement(By.id("signed-in-as")).getText()).isEqualTo("cy@example.com");
        } finally {
            driver.quit();
        }
    }

    /** The provider's login page: any user name, and the claims (JSON) its tokens carry. */
    private static void signInAtTheProvider(ChromeDriver driver, String username, String claimsJson) {
        HeadlessChromium.waiting(driver, 20).until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        assertThat(driver.getCurrentUrl()).as("the provider's authorization endpoint, with PKCE")
                .startsWith(IDP.issuerUri()).contains("code_challenge=", "code_challenge_method=S256", "client_id=" + IdentityProvider.UI_CLIENT);
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("claims")).sendKeys(claimsJson);
        driver.findElement(By.cssSelector("input[type=submit]")).click();
    }
}
