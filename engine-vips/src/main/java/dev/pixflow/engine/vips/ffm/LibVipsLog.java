package dev.pixflow.engine.vips.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * libvips' own messages (GLib log domain VIPS: a loader's complaints about the file it reads, such as
 * an EXIF field it does not understand, and libvips' criticals) go to the process's log, under the
 * logger {@value #LOGGER}, instead of GLib's raw lines on stderr: they then carry the log's time,
 * level and format, the render's job or request where the log shows them, and obey its levels.
 *
 * <p>The same warning comes with every render of the same kind of file (one camera's photos all
 * carry its odd EXIF field), so a text is logged at WARNING once in {@value #REPEAT_MINUTES} minutes and
 * at DEBUG in between.
 */
public final class LibVipsLog {
    /** The logger libvips' messages are logged under. */
    public static final String LOGGER = "dev.pixflow.engine.vips.libvips";
    static final long REPEAT_MINUTES = 10;
    private static final System.Logger LOG = System.getLogger(LOGGER);
    /** More texts than this (a message with a changing number in it) start the count afresh. */
    private static final int REMEMBERED = 1000;

    private static final int G_LOG_LEVEL_CRITICAL = 1 << 3;
    private static final int G_LOG_LEVEL_WARNING = 1 << 4;
    private static final int G_LOG_LEVEL_MESSAGE = 1 << 5;

    private static final Map<String, Long> LAST_WARNED = new ConcurrentHashMap<>();

    private LibVipsLog() {
    }

    /** Routes the VIPS domain's criticals, warnings and messages here, for the life of the process. */
    static void install() {
        LibVips.callInt("g_log_set_handler", "VIPS", G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE,
                glogFunc("log"), MemorySegment.NULL);
    }

    /** Keeps libvips' warnings out of the log until closed. */
    public interface QuietWarnings extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Silences libvips' warnings for a moment, for a call whose failure is expected (a probe): GLib
     * asks the newest handler of a domain first, so one that drops them stands in front of
     * {@link #install}'s, process-wide, until closed.
     */
    public static QuietWarnings quietWarnings() {
        int handler = LibVips.callInt("g_log_set_handler", "VIPS", G_LOG_LEVEL_WARNING, Drop.STUB, MemorySegment.NULL);
        return () -> LibVips.callVoid("g_log_remove_handler", "VIPS", handler);
    }

    /** The dropping handler, made on first use. */
    private static final class Drop {
        static final MemorySegment STUB = glogFunc("drop");
    }

    private static MemorySegment glogFunc(String method) {
        try {
            return Linker.nativeLinker().upcallStub(
                    MethodHandles.lookup().findStatic(LibVipsLog.class, method, MethodType.methodType(
                            void.class, MemorySegment.class, int.class, MemorySegment.class, MemorySegment.class)),
                    FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GLogFunc, called on whichever thread libvips logs from: a render's, or one of libvips' own. */
    @SuppressWarnings("unused")
    private static void log(MemorySegment domain, int level, MemorySegment message, MemorySegment data) {
        // Nothing may be thrown back into C, and a log line is not worth failing the render that caused it.
        try {
            String raw = LibVips.borrowedString(message);
            String text = raw == null ? "" : raw.strip();
            if (!text.isEmpty()) {
                LOG.log(levelOf(level, text, System.nanoTime()), "libvips: {0}", text);
            }
        } catch (Throwable ignored) {
            // Logging itself failed; there is nowhere left to say so.
        }
    }

    @SuppressWarnings("unused")
    private static void drop(MemorySegment domain, int level, MemorySegment message, MemorySegment data) {
    }

    static System.Logger.Level levelOf(int glibLevel, String text, long nowNanos) {
        if ((glibLevel & G_LOG_LEVEL_CRITICAL) != 0) {
            return System.Logger.Level.ERROR;
        }
        if ((glibLevel & G_LOG_LEVEL_WARNING) == 0) {
            return System.Logger.Level.INFO;
        }
        if (LAST_WARNED.size() > REMEMBERED) {
            LAST_WARNED.clear();
        }
        long repeat = TimeUnit.MINUTES.toNanos(REPEAT_MINUTES);
        long warned = LAST_WARNED.compute(text, (t, last) -> last == null || nowNanos - last >= repeat ? nowNanos : last);
        return warned == nowNanos ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
    }
}
