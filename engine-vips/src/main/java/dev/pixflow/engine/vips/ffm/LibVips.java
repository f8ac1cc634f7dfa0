package dev.pixflow.engine.vips.ffm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The libvips shared library of the process: loaded and initialised ({@code vips_init}) once, when
 * this class is first used; the JVM's class initialisation makes that exactly-once and thread-safe.
 * GLib functions (g_object_unref, g_free) resolve through the same lookup, as libvips links GLib.
 *
 * <p>Which library: the one named by the system property {@value #PROPERTY} or else the environment
 * variable {@value #ENVIRONMENT} (a file, or a name the dynamic linker searches for), as
 * {@code ./pixflow} sets it to the pinned current build it installs; without either, that pinned
 * build where it is in the per-user cache ({@link PinnedBuildCache}), so {@code java -jar} finds it
 * too; else the system's {@code libvips.so.42}, with a warning in the log. Any libvips 8.14 or newer
 * works: enums and operations are looked up by name.
 *
 * <p>libvips settings (threads per operation, operation cache) are process-wide, so
 * {@link #configure} changes them for every caller.
 */
public final class LibVips {
    /** The system property naming the libvips to load. */
    public static final String PROPERTY = "pixflow.vips.library";
    /** The environment variable naming the libvips to load, when the system property does not. */
    public static final String ENVIRONMENT = "PIXFLOW_VIPS_LIBRARY";
    /** What chose the library when neither setting named one and the cache had the pinned build. */
    public static final String CACHE = "cache";
    private static final String SYSTEM_LIBRARY = "libvips.so.42";
    /** Older than this, libvips lacks the SIMD resize and cheaper attention crop Pixflow is measured with. */
    private static final int[] CURRENT = {8, 17};

    private static final System.Logger LOG = System.getLogger(LibVips.class.getName());

    /**
     * The library in use.
     *
     * @param version      e.g. {@code 8.18.7}
     * @param file         the file the dynamic linker loaded (links resolved), or the name asked for
     *                     when it cannot be told
     * @param configuredBy {@value #PROPERTY}, {@value #ENVIRONMENT}, {@value #CACHE} for the pinned
     *                     build found in the cache, or {@code system} when none of those had one
     */
    public record Library(String version, String file, String configuredBy) {
        /** True for libvips 8.17 or newer. */
        public boolean current() {
            String[] parts = version.split("\\.");
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            return major > CURRENT[0] || major == CURRENT[0] && minor >= CURRENT[1];
        }
    }

    record Choice(String library, String configuredBy) {
    }

    private static final Loaded LOADED = load(choose(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT),
            () -> PinnedBuildCache.find(System.getenv(), System.getProperty("user.home"), System.getProperty("os.name"),
                    System.getProperty("os.arch"))), LibVips::open);
    private static final Choice CHOICE = LOADED.choice();

    static final NativeCalls CALLS = new NativeCalls(LOADED.lookup());

    private static final MemoryLayout INT = ValueLayout.JAVA_INT;
    private static final MemoryLayout LONG = ValueLayout.JAVA_LONG;
    private static final MemoryLayout POINTER = ValueLayout.ADDRESS;

    private static final Library LIBRARY;

    static {
        // Global: libvips may keep the program name it is given for its lifetime.
        if (callInt("vips_init", Arena.global().allocateFrom("pixflow")) != 0) {
            throw new IllegalStateException("vips_init failed: " + takeError());
        }
        // Off until configured: the operation cache keys loads on the file name, so a file written
        // again under the same name would be read back from the cache as it was.
        callVoid("vips_cache_set_max", 0);
        LibVipsLog.install();
        LIBRARY = new Library(version(), loadedFile(CHOICE.library()), CHOICE.configuredBy());
        if ("system".equals(LIBRARY.configuredBy())) {
            LOG.log(System.Logger.Level.WARNING, "libvips {0} loaded from the system ({1}): no build was named by {2} "
                    + "or {3}, and ./pixflow has installed none in the cache{4}", LIBRARY.version(),
                    LIBRARY.file(), PROPERTY, ENVIRONMENT, LIBRARY.current() ? ""
                            : "; this one is older than 8.17, which resizes and crops more slowly");
        } else if (CACHE.equals(LIBRARY.configuredBy())) {
            LOG.log(System.Logger.Level.INFO, "libvips {0} loaded from {1} (the pinned build ./pixflow installed in "
                    + "the cache; {2} or {3} name another)", LIBRARY.version(), LIBRARY.file(), PROPERTY, ENVIRONMENT);
        } else {
            LOG.log(System.Logger.Level.INFO, "libvips {0} loaded from {1} (named by {2})", LIBRARY.version(),
                    LIBRARY.file(), LIBRARY.configuredBy());
        }
    }

    private LibVips() {
    }

    static Choice choose(String property, String environment, Supplier<Optional<Path>> cached) {
        if (property != null && !property.isBlank()) {
            return new Choice(property.strip(), PROPERTY);
        }
        if (environment != null && !environment.isBlank()) {
            return new Choice(environment.strip(), ENVIRONMENT);
        }
        return cached.get().map(library -> new Choice(library.toString(), CACHE))
                .orElse(new Choice(SYSTEM_LIBRARY, "system"));
    }

    record Loaded(Choice choice, SymbolLookup lookup) {
    }

    /**
     * Opens the chosen library. The cache's build was chosen by no one: where it does not load here (a
     * home shared with a machine of another C library), the system's is tried instead, as before it.
     */
    static Loaded load(Choice choice, Function<Choice, SymbolLookup> open) {
        try {
            return new Loaded(choice, open.apply(choice));
        } catch (IllegalStateException e) {
            if (!CACHE.equals(choice.configuredBy())) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "the pinned libvips in the cache ({0}) cannot be loaded here ({1}); "
                    + "trying the system's", choice.library(), e.getCause() == null ? e : e.getCause().getMessage());
            Choice system = new Choice(SYSTEM_LIBRARY, "system");
            return new Loaded(system, open.apply(system));
        }
    }

    private static SymbolLookup open(Choice choice) {
        try {
            return choice.library().contains("/")
                    ? SymbolLookup.libraryLookup(Path.of(choice.library()), Arena.global())
                    : SymbolLookup.libraryLookup(choice.library(), Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("system".equals(choice.configuredBy())
                    ? SYSTEM_LIBRARY + " cannot be loaded; install libvips (Debian and Ubuntu: apt-get install "
                    + "libvips42), or name a build with " + PROPERTY + " or " + ENVIRONMENT
                    : choice.library() + " (named by " + choice.configuredBy() + ") cannot be loaded", e);
        }
    }

    /**
     * The file the dynamic linker mapped for {@code library}: the real path of a file that was named,
     * else the first mapping whose file name starts with the name (libvips.so.42 is a link to
     * libvips.so.42.x.y), read from /proc/self/maps; the name itself where that cannot be read.
     */
    private static String loadedFile(String library) {
        if (library.contains("/")) {
            try {
                return Path.of(library).toRealPath().toString();
            } catch (IOException e) {
                return library;
            }
        }
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(line -> line.substring(line.indexOf('/') < 0 ? line.length() : line.indexOf('/')))
                    .filter(file -> !file.isEmpty() && Path.of(file).getFileName().toString().startsWith(library))
                    .findFirst().orElse(library);
        } catch (IOException | UncheckedIOException e) {
            return library;
        }
    }

    /** The library in use: its version, its file and what chose it. */
    public static Library library() {
        return LIBRARY;
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
     * Blocks the loaders libvips marks untrusted (ImageMagick, PDF, SVG, FITS, Matrix, PPM ...): none of
     * them can decode. Process-wide. Up to libvips 8.14 vips_foreign_find_load still names them; from
     * 8.15 it skips them, and vips_foreign_is_a still recognises a file as theirs.
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
