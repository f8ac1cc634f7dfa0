package dev.pixflow.app.logging;

import org.slf4j.MDC;

import java.util.Map;

/**
 * The names under which log lines carry what they concern (SLF4J's MDC): a structured format
 * ({@code logging.structured.format.console}) writes each as a field of its own, so one request, image
 * or job can be followed through the log. Tracing, when on, puts its {@code traceId} and {@code spanId} beside them.
 */
public final class LogContext {
    /** The request's id: its {@code X-Request-Id} when it sent a usable one, else one made here. */
    public static final String REQUEST_ID = "requestId";
    /** The image a request or a job is about. */
    public static final String IMAGE_ID = "imageId";
    /** The job a worker is processing. */
    public static final String JOB_ID = "jobId";

    private LogContext() {
    }

    /**
     * {@code task} as it runs on another thread with the log context of the thread that calls this
     * (a request's id and image, a job's), and that thread's own context back afterwards: a render
     * handed to a render thread logs as the request it is for.
     */
    public static Runnable carried(Runnable task) {
        Map<String, String> callers = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> own = MDC.getCopyOfContextMap();
            set(callers);
            try {
                task.run();
            } finally {
                set(own);
            }
        };
    }

    private static void set(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
