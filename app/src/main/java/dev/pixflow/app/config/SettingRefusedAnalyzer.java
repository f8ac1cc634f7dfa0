package dev.pixflow.app.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Pixflow's own refusals of a setting at start-up (the settings' records, and the core's checks of what
 * it is given: a render deadline, a bucket's name, multipart sizes, a signing key) told as Spring Boot
 * tells its own: the reason and what to do, instead of a few hundred lines of bean creation. Only
 * refusals thrown by Pixflow's code are taken; anything else keeps its stack trace.
 */
public final class SettingRefusedAnalyzer implements FailureAnalyzer {
    private static final String OURS = "dev.pixflow.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException) && thrownByPixflow(t)) {
                return new FailureAnalysis("Pixflow cannot start: " + t.getMessage(),
                        "Correct what the line above names (a setting, as a property or its PIXFLOW_ environment"
                                + " variable, or what it depends on); every setting is described in docs/configuration.md."
                                + " The stack trace is logged at DEBUG.", t);
            }
        }
        return null;
    }

    private static boolean thrownByPixflow(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith(OURS);
    }
}
