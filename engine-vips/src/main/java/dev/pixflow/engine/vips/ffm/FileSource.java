package dev.pixflow.engine.vips.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;

/**
 * A libvips source (a VipsSourceCustom) that reads a file by plain read(2) calls into the loader's
 * own buffer, so that the JPEG loader does not map the whole file (ARCHITECTURE.md, Memory budget,
 * says why).
 *
 * <p>The handlers are libc's own functions, so no call comes back into the JVM from libvips' threads.
 * Connected "swapped", a handler gets the descriptor (the handler's data) first, then the signal's
 * arguments, then the source: {@code read(fd, buffer, length, source)} and
 * {@code lseek(fd, offset, whence, source)} are read(2) and lseek(2) with one trailing argument, which
 * the C calling convention lets a function ignore (GLib's own examples connect functions so). This
 * holds on LP64 Linux, where the signals' gint64 is read(2)'s ssize_t and lseek(2)'s off_t, and a
 * pointer carries the int descriptor. When libvips frees the source (every image loaded from it holds
 * a reference), its weak-reference notice {@code close(fd, source)} closes the file.
 */
final class FileSource {
    /** GConnectFlags: the handler gets the user data first and the instance last. */
    private static final int G_CONNECT_SWAPPED = 1 << 1;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;

    private FileSource() {
    }

    /**
     * A new source reading {@code file}, holding one reference that the caller must drop
     * ({@link LibVips#unref}) once it handed the source to a loader.
     *
     * @throws VipsException when the file cannot be opened for reading
     */
    static MemorySegment open(Path file, String operation) {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) LibC.OPEN.invokeExact(arena.allocateFrom(file.toString()), O_RDONLY | O_CLOEXEC, 0);
        } catch (Throwable e) {
            throw new IllegalStateException("open(2) failed", e);
        }
        if (fd < 0) {
            throw new VipsException(operation, "unable to open " + file + " for reading");
        }
        MemorySegment source = MemorySegment.NULL;
        try {
            source = LibVips.callPointer("vips_source_custom_new");
            if (source.equals(MemorySegment.NULL)) {
                throw LibVips.failure("vips_source_custom_new");
            }
            MemorySegment data = MemorySegment.ofAddress(fd);
            connect(source, "read", LibC.READ, data);
            connect(source, "seek", LibC.LSEEK, data);
            LibVips.callVoid("g_object_weak_ref", source, LibC.CLOSE, data);
        } catch (RuntimeException | Error e) {
            // The weak reference is the last call: until it is made, the descriptor is still this method's.
            if (!source.equals(MemorySegment.NULL)) {
                LibVips.unref(source);
            }
            closeNow(fd);
            throw e;
        }
        return source;
    }

    private static void connect(MemorySegment source, String signal, MemorySegment handler, MemorySegment fd) {
        long id;
        try (Arena arena = Arena.ofConfined()) {
            id = (long) LibVips.CALLS.invoke(arena, "g_signal_connect_data", ValueLayout.JAVA_LONG, NativeCalls.FIXED,
                    List.of(source, signal, handler, fd, MemorySegment.NULL, G_CONNECT_SWAPPED));
        }
        if (id == 0) {
            // Without its handler the source would read nothing, and a good file would look corrupt.
            throw new IllegalStateException("libvips' custom source has no signal " + signal);
        }
    }

    private static void closeNow(int fd) {
        try {
            int ignored = (int) LibC.CLOSE_NOW.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException("close(2) failed", e);
        }
    }

    /** libc's functions: the two called from here, and the three given to libvips as handlers. */
    private static final class LibC {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
        /** int open(const char *path, int flags, ...): the mode rides as its one variadic argument. */
        static final MethodHandle OPEN = LINKER.downcallHandle(find("open"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        static final MemorySegment READ = find("read");
        static final MemorySegment LSEEK = find("lseek");
        static final MemorySegment CLOSE = find("close");
        static final MethodHandle CLOSE_NOW = LINKER.downcallHandle(CLOSE,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

        private static MemorySegment find(String name) {
            return LOOKUP.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name));
        }
    }
}
