package dev.pixflow.app.ui;

import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.core.usecase.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once keys exist, the UI's pages, scripts, settings and WebJars still load without one (they hold no
 * data), while the API they call still needs a key.
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
                "/ui/style.css", "/ui/config.json", "/webjars/chart.js/4.4.7/dist/chart.umd.js"}) {
            assertThat(http().get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(http().get("/").body()).contains("<h1>Gallery</h1>");
        assertThat(http().get("/v1/images").statusCode()).isEqualTo(401);
        assertThat(http().get("/v1/x.html").statusCode()).isEqualTo(401);
    }
}
