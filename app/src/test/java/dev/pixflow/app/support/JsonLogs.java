package dev.pixflow.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;

import java.util.List;

/**
 * For a test class that sets a structured log format ({@code logging.structured.format.console}) and
 * reads the app's lines by field. Spring Boot sets up logging once per JVM and keeps that set-up (and
 * the format, as a system property) for later contexts: registered as an extension, this undoes it
 * before the class, so the class's context sets up its own format, and again after it, so the next
 * test class logs as it would have.
 */
public final class JsonLogs implements BeforeAllCallback, AfterAllCallback {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void beforeAll(ExtensionContext context) {
        letTheNextContextSetUpLogging();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        letTheNextContextSetUpLogging();
    }

    private static void letTheNextContextSetUpLogging() {
        LoggingSystem.get(JsonLogs.class.getClassLoader()).cleanUp();
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
    }

    /** The JSON lines written so far; a line that starts as JSON but is not fails the test. */
    public static List<JsonNode> lines(CapturedOutput output) {
        return output.getOut().lines().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }
}
