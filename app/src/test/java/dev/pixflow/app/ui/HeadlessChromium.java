package dev.pixflow.app.ui;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's headless chromium driven through its chromedriver, with a fresh profile per start (so
 * localStorage and IndexedDB begin empty), deleted when the browser quits: a profile is some
 * megabytes, and a suite starts a browser for every browser test. Without both programs the calling
 * test class is skipped.
 */
final class HeadlessChromium extends ChromeDriver {
    static final String CHROMIUM = System.getProperty("pixflow.test.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("pixflow.test.chromedriver", "/usr/bin/chromedriver");

    private final Path profile;

    private HeadlessChromium(ChromeDriverService service, ChromeOptions options, Path profile) {
        super(service, options);
        this.profile = profile;
    }

    static ChromeDriver start() throws IOException {
        return start(1000);
    }

    /** A browser whose window is {@code height} pixels high (and 1280 wide). */
    static ChromeDriver start(int height) throws IOException {
        Assumptions.assumeTrue(new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute(),
                "chromium and chromium-driver are not installed (./pixflow test installs them)");
        Path profile = Files.createTempDirectory("pixflow-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280," + height,
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        try {
            return new HeadlessChromium(service, options, profile);
        } catch (RuntimeException e) {
            FileSystemUtils.deleteRecursively(profile);
            throw e;
        }
    }

    /**
     * The browser ends, and its profile with it where it can go: a file the browser still writes as it
     * ends may keep it, which is no test's failure.
     */
    @Override
    public void quit() {
        try {
            super.quit();
        } finally {
            try {
                FileSystemUtils.deleteRecursively(profile);
            } catch (IOException leftBehind) {
                System.err.println("the browser's profile " + profile + " stays: " + leftBehind);
            }
        }
    }

    /**
     * The element once the page has drawn it: the pages' scripts are modules that may finish after the
     * load event (the sign-in check awaits), so a page just loaded need not have its header yet.
     */
    static WebElement drawn(ChromeDriver driver, By by) {
        return waiting(driver, 10).until(d -> d.findElements(by).isEmpty() ? null : d.findElement(by));
    }

    /**
     * A wait that polls the page every 20 ms for its condition. Pages navigate on their own (the sign-in
     * redirects to the provider and back), and a poll that lands in a navigation is answered "aborted by
     * navigation": that means "not yet", like an element not found. A wait that runs out still fails,
     * with the last such answer as its cause.
     */
    static WebDriverWait waiting(ChromeDriver driver, int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(20));
        wait.ignoring(WebDriverException.class);
        return wait;
    }
}
