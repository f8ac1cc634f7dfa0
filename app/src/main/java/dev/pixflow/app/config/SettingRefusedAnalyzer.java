package dev.pixflow.app.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Pixflow's own refusals of a setting at start-up (the settings' records, and the core's checks of what
 * it is given: a render deadline, a bucket's name, multipart sizes, a signing key) told as Spring Boot
 * tells its own: the reason and what to do, instead of a few hundred lines of bean creation. Only
 * refusals thrown by Pixflow's code are taken; anything else keeps its stack trace.
 */
// Before Spring Boot's own analysis of a value that cannot be bound, which would take Pixflow's settings too.
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class SettingRefusedAnalyzer implements FailureAnalyzer {
    private static final String OURS = "dev.pixflow.";
    private static final String ACTION = "Correct what the line above names (a setting, as a property or its PIXFLOW_ environment"
            + " variable, or what it depends on); every setting is described in docs/configuration.md."
            + " The stack trace is logged at DEBUG.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if ((t instanceof IllegalArgumentException || t instanceof IllegalStateException) && thrownByPixflow(t)) {
                return new FailureAnalysis("Pixflow cannot start: " + t.getMessage(), ACTION, t);
            }
            if (t instanceof BindException bind && bind.getProperty() != null
                    && bind.getProperty().getName().toString().startsWith("pixflow.")) {
                // A value of the wrong kind ("banana" for a size): the setting, its value and the reader's words.
                Throwable why = NestedExceptionUtils.getMostSpecificCause(bind);
                return new FailureAnalysis("Pixflow cannot start: " + bind.getProperty().getName() + " is '"
                        + bind.getProperty().getValue() + "': " + (why == bind ? "not a value it takes" : why.getMessage()), ACTION, t);
            }
        }
        return null;
    }

    private static boolean thrownByPixflow(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith(OURS);
    }
}
