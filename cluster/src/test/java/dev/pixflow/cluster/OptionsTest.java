package dev.pixflow.cluster;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ./pixflow cluster's command line: two of each role by default, SERVER_PORT and PIXFLOW_DATA_DIR honoured. */
class OptionsTest {
    @TempDir
    Path dir;
    private Path jar;

    @BeforeEach
    void aJar() throws Exception {
        jar = Files.createFile(dir.resolve("pixflow.jar"));
    }

    @Test
    void twoProcessesOfEachRoleOnSERVER_PORTWithTheDataUnderPIXFLOW_DATA_DIR() {
        Options o = Options.parse(new String[]{"--jar", jar.toString()},
                Map.of("SERVER_PORT", "9090", "PIXFLOW_DATA_DIR", dir.resolve("data").toString()));
        assertThat(o.port()).isEqualTo(9090);
        assertThat(o.dataDir()).isEqualTo(dir.resolve("data"));
        for (String role : Options.ROLES) {
            assertThat(o.count(role)).as(role).isEqualTo(2);
        }
        assertThat(o.freePorts()).isFalse();
    }

    @Test
    void optionsChangeTheCountsAndWinOverTheEnvironment() {
        Options o = Options.parse(new String[]{"--jar", jar.toString(), "--multipart", "3", "--worker", "0", "--port", "9191",
                "--data-dir", dir.toString(), "--free-ports"}, Map.of("SERVER_PORT", "9090"));
        assertThat(o.count("multipart")).isEqualTo(3);
        assertThat(o.count("worker")).isZero();
        assertThat(o.count("upload")).isEqualTo(2);
        assertThat(o.port()).isEqualTo(9191);
        assertThat(o.freePorts()).isTrue();
    }

    @Test
    void theStartUpCacheIsUsedOnlyWhenNamedAndPresent() throws Exception {
        assertThat(Options.parse(new String[]{"--jar", jar.toString()}, Map.of()).aotCache()).isEmpty();
        Path cache = Files.write(dir.resolve("pixflow.aot"), new byte[]{1});
        assertThat(Options.parse(new String[]{"--jar", jar.toString(), "--aot-cache", cache.toString()}, Map.of()).aotCache())
                .contains(cache);
        assertThatThrownBy(() -> Options.parse(new String[]{"--jar", jar.toString(), "--aot-cache",
                dir.resolve("missing.aot").toString()}, Map.of())).isInstanceOf(Options.UsageException.class).hasMessageContaining("missing.aot");
    }

    @Test
    void refusesWhatItCannotRun() {
        String[][] wrong = {{"--upload", "0"}, {"--delivery", "x"}, {"--multipart"}, {"--replicas", "2"}, {"--port", "70000"},
                {"--heap", "lots"}, {"upload"}};
        for (String[] args : wrong) {
            String[] all = new String[args.length + 2];
            all[0] = "--jar";
            all[1] = jar.toString();
            System.arraycopy(args, 0, all, 2, args.length);
            assertThatThrownBy(() -> Options.parse(all, Map.of())).as(String.join(" ", args))
                    .isInstanceOf(Options.UsageException.class).hasMessageContaining(args[0]);
        }
        assertThatThrownBy(() -> Options.parse(new String[]{"--jar", dir.resolve("missing.jar").toString()}, Map.of()))
                .isInstanceOf(Options.UsageException.class).hasMessageContaining("./pixflow build");
    }
}
