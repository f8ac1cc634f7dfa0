package dev.pixflow.engine.vips.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/**
 * The libvips shared library of the process: loaded and initialised ({@code vips_init}) once, when
 * this class is first used; the JVM's class initialisation makes that exactly-once and thread-safe.
 * GLib functions (g_object_unref, g_free) resolve through the same lookup, as libvips links GLib.
 *
 * <p>libvips settings (threads per operation, operation cache) are process-wide, so
 * {@link #configure} changes them for every caller.
 */
public final class LibVips {
    private static final String LIBRARY = "libvips.so.42";

    static final NativeCalls CALLS = new NativeCalls(load());

    private static final MemoryLayout INT = ValueLayout.JAVA_INT;
    private static final MemoryLayout LONG = ValueLayout.JAVA_LONG;
    private static final MemoryLayout POINTER = ValueLayout.ADDRESS;

    static {
        // Global: libvips may keep the program name it is given for its lifetime.
        if (callInt("vips_init", Arena.global().allocateFrom("pixflow")) != 0) {
            throw new IllegalStateException("vips_init failed: " + takeError());
        }
        // Off until configured: the operation cache keys loads on the file name, so a file written
        // again under the same name would be read back from the cache as it was.
        callVoid("vips_cache_set_max", 0);
    }

    private LibVips() {
    }

    private static SymbolLookup load() {
        try {
            return SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(LIBRARY + " cannot be loaded; install libvips "
                    + "(Debian and Ubuntu: apt-get install libvips42)", e);
        }
    }

    /**
     * Sets the threads libvips may use inside one operation, and the size of its operation cache.
     *
     * @param concurrency         worker threads per pipeline (vips_concurrency_set), at least 1
     * @param cacheMaxOperations  operations kept in the cache (vips_cache_set_max), 0 disables it
     * @param cacheMaxMemoryBytes pixel memory the cache may pin (vips_cache_set_max_mem)
     */
    public static synchronized void configure(int concurrency, int cacheMaxOperations, long cacheMaxMemoryBytes) {
        if (concurrency < 1 || cacheMaxOperations < 0 || cacheMaxMemoryBytes < 0) {
            throw new IllegalArgumentException("concurrency must be >= 1 and cache limits >= 0");
        }
        callVoid("vips_concurrency_set", concurrency);
        callVoid("vips_cache_set_max", cacheMaxOperations);
        callVoid("vips_cache_set_max_mem", cacheMaxMemoryBytes);
    }

    /**
     * Blocks the loaders libvips marks untrusted (ImageMagick, PDF, SVG, FITS, Matrix, PPM ...): they
     * stay known to vips_foreign_find_load, so a file can still be recognised and refused, but none of
     * them can decode. Process-wide.
     */
    public static void blockUntrustedLoaders() {
        callVoid("vips_block_untrusted_set", true);
    }

    /** The library version, e.g. {@code 8.14.1}. */
    public static String version() {
        return callInt("vips_version", 0) + "." + callInt("vips_version", 1) + "." + callInt("vips_version", 2);
    }

    /** Bytes of pixel memory libvips holds right now (its tracked allocations). */
    public static long trackedMemory() {
        return callLong("vips_tracked_get_mem");
    }

    /** The most pixel memory libvips has held at once since it started. */
    public static long trackedMemoryHighwater() {
        return callLong("vips_tracked_get_mem_highwater");
    }

    /** Number of live tracked allocations (pixel buffers). */
    public static int trackedAllocations() {
        return callInt("vips_tracked_get_allocs");
    }

    /** Number of files libvips holds open. */
    public static int trackedFiles() {
        return callInt("vips_tracked_get_files");
    }

    /** Number of live libvips objects (images, operations, sources ...): a leak shows here first. */
    public static int liveObjects() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counter = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment callback = Linker.nativeLinker().upcallStub(
                    MethodHandles.lookup().findStatic(LibVips.class, "countObject",
                            MethodType.methodType(MemorySegment.class, MemorySegment.class,
                                    MemorySegment.class, MemorySegment.class)),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS),
                    arena);
            CALLS.invoke(arena, "vips_object_map", POINTER, NativeCalls.FIXED,
                    List.of(callback, counter, MemorySegment.NULL));
            return Math.toIntExact(counter.get(ValueLayout.JAVA_LONG, 0));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unused") // called from C by vips_object_map
    private static MemorySegment countObject(MemorySegment object, MemorySegment counter, MemorySegment unused) {
        MemorySegment count = counter.reinterpret(Long.BYTES);
        count.set(ValueLayout.JAVA_LONG, 0, count.get(ValueLayout.JAVA_LONG, 0) + 1);
        return MemorySegment.NULL;
    }

    /**
     * Frees what libvips keeps per thread. libvips asks threads it did not create to call this when
     * they are done with it. With 8.14 no pixel memory was seen left on the calling thread after a
     * render even without it, so this is insurance, cheap enough to call after every unit of work;
     * libvips allows the thread to go on using it afterwards.
     */
    public static void threadShutdown() {
        callVoid("vips_thread_shutdown");
    }

    /**
     * Takes the text of the libvips error buffer and clears it. vips_error_buffer_copy does the read
     * and the clear under one lock, so a concurrent failure cannot be cleared unread in between.
     */
    static String takeError() {
        MemorySegment copy = callPointer("vips_error_buffer_copy");
        if (copy.equals(MemorySegment.NULL)) {
            return "unknown libvips error";
        }
        try {
            String text = copy.reinterpret(Long.MAX_VALUE).getString(0).strip();
            return text.isEmpty() ? "unknown libvips error" : text;
        } finally {
            callVoid("g_free", copy);
        }
    }

    /**
     * Empties the error buffer. libvips also logs recoverable problems there (a loader's warnings)
     * without failing; clearing it before a unit of work keeps them out of a later failure's message.
     * The buffer is shared by all threads, so under concurrency a message can still be incomplete or
     * carry another thread's text: it is for people, never for deciding what happened.
     */
    public static void clearErrors() {
        callVoid("vips_error_clear");
    }

    static VipsException failure(String operation) {
        return new VipsException(operation, takeError());
    }

    static void unref(MemorySegment object) {
        callVoid("g_object_unref", object);
    }

    /** A C string owned by libvips (not freed here), or null for NULL. */
    static String borrowedString(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    static int callInt(String symbol, Object... arguments) {
        return (int) call(symbol, INT, arguments);
    }

    static long callLong(String symbol, Object... arguments) {
        return (long) call(symbol, LONG, arguments);
    }

    static MemorySegment callPointer(String symbol, Object... arguments) {
        return (MemorySegment) call(symbol, POINTER, arguments);
    }

    static void callVoid(String symbol, Object... arguments) {
        call(symbol, null, arguments);
    }

    private static Object call(String symbol, MemoryLayout returns, Object... arguments) {
        try (Arena arena = Arena.ofConfined()) {
            return CALLS.invoke(arena, symbol, returns, NativeCalls.FIXED, List.of(arguments));
        }
    }
}
