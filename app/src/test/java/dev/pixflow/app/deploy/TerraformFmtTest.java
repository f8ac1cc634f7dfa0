package dev.pixflow.app.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code terraform fmt -check} on deploy/aws/terraform, without terraform (neither it nor OpenTofu is
 * packaged where the tests run): terraform fmt is hclwrite's formatter plus rewrites of pre-0.12 syntax, and
 * src/test/resources/terraform-fmt/check.js runs that formatter (from npm, pinned by its package-lock.json)
 * and refuses that syntax. Needs Node.js and npm.
 */
class TerraformFmtTest {
    private static final Path MODULE = Path.of("..", "deploy", "aws", "terraform");
    private static final Path TOOL = Path.of("src", "test", "resources", "terraform-fmt");
    private static final Path WORK = Path.of("target", "terraform-fmt");

    @Test
    void theConfigurationIsInTerraformFmtStyle() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "check.js")) {
            Files.copy(TOOL.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"));

        List<String> check = new ArrayList<>(List.of("node", "check.js"));
        try (Stream<Path> files = Files.list(MODULE)) {
            files.filter(f -> f.toString().endsWith(".tf") || f.toString().endsWith(".tfvars")).sorted()
                    .forEach(f -> check.add(f.toAbsolutePath().normalize().toString()));
        }
        assertThat(check).hasSizeGreaterThan(2);
        run(check);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
    }
}
