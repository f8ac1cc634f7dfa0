package dev.pixflow.engine.vips.ffm;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The system's libheif ({@code libheif.so.1}, Debian's {@code libheif1}), for the HEIF images the
 * loaded libvips cannot decode: iPhone HEIC is HEVC, and the pinned libvips' own libheif has only
 * AV1. libheif decodes the primary image, with its {@code irot}/{@code imir}/{@code clap}
 * transformations applied, to interleaved 8-bit RGB(A); libvips then reads those pixels in place
 * (no copy when libheif's rows are packed), and the decoded image is released when the libvips
 * image is.
 *
 * <p>The library is looked up once: {@value #PROPERTY}, else {@value #ENVIRONMENT}, else
 * {@code libheif.so.1}. {@link #get()} is empty when it cannot be loaded.
 */
public final class LibHeif {
    /** The system property naming the libheif to load. */
    public static final String PROPERTY = "pixflow.heif.library";
    /** The environment variable naming the libheif to load, when the system property does not. */
    public static final String ENVIRONMENT = "PIXFLOW_HEIF_LIBRARY";
    private static final String SYSTEM_LIBRARY = "libheif.so.1";

    private static final System.Logger LOG = System.getLogger(LibHeif.class.getName());

    // enum values from heif.h (stable since libheif 1.0)
    private static final int COMPRESSION_HEVC = 1;
    private static final int COLORSPACE_RGB = 1;
    private static final int CHROMA_INTERLEAVED_RGB = 10;
    private static final int CHROMA_INTERLEAVED_RGBA = 11;
    private static final int CHANNEL_INTERLEAVED = 10;

    /** struct heif_error { enum code; enum subcode; const char *message; }, returned by value. */
    private static final StructLayout ERROR = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("code"), ValueLayout.JAVA_INT.withName("subcode"),
            ValueLayout.ADDRESS.withName("message"));

    private static final AddressLayout A = ValueLayout.ADDRESS;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    /** Decoded images whose pixels libvips still holds; each is released when its libvips image goes. */
    private static final AtomicInteger LIVE_IMAGES = new AtomicInteger();

    private final String file;
    private final String version;
    private final MethodHandle contextAlloc;
    private final MethodHandle contextFree;
    private final MethodHandle readFromFile;
    private final MethodHandle primaryHandle;
    private final MethodHandle handleWidth;
    private final MethodHandle handleHeight;
    private final MethodHandle handleHasAlpha;
    private final MethodHandle handleRelease;
    private final MethodHandle decodeImage;
    private final MethodHandle imageWidth;
    private final MethodHandle imageHeight;
    private final MethodHandle planeReadonly;
    private final MethodHandle imageRelease;
    private final MethodHandle haveDecoder;
    /** A C function pointer to {@link #release}: the handler of the libvips image's "postclose" signal. */
    private final MemorySegment releaseCallback;

    private static final class Holder {
        static final Optional<LibHeif> INSTANCE = open();
    }

    private LibHeif(SymbolLookup lookup, String file) throws ReflectiveOperationException {
        Linker linker = Linker.nativeLinker();
        this.file = file;
        this.contextAlloc = handle(linker, lookup, "heif_context_alloc", FunctionDescriptor.of(A));
        this.contextFree = handle(linker, lookup, "heif_context_free", FunctionDescriptor.ofVoid(A));
        this.readFromFile = handle(linker, lookup, "heif_context_read_from_file", FunctionDescriptor.of(ERROR, A, A, A));
        this.primaryHandle = handle(linker, lookup, "heif_context_get_primary_image_handle",
                FunctionDescriptor.of(ERROR, A, A));
        this.handleWidth = handle(linker, lookup, "heif_image_handle_get_width", FunctionDescriptor.of(I, A));
        this.handleHeight = handle(linker, lookup, "heif_image_handle_get_height", FunctionDescriptor.of(I, A));
        this.handleHasAlpha = handle(linker, lookup, "heif_image_handle_has_alpha_channel", FunctionDescriptor.of(I, A));
        this.handleRelease = handle(linker, lookup, "heif_image_handle_release", FunctionDescriptor.ofVoid(A));
        this.decodeImage = handle(linker, lookup, "heif_decode_image", FunctionDescriptor.of(ERROR, A, A, I, I, A));
        this.imageWidth = handle(linker, lookup, "heif_image_get_width", FunctionDescriptor.of(I, A, I));
        this.imageHeight = handle(linker, lookup, "heif_image_get_height", FunctionDescriptor.of(I, A, I));
        this.planeReadonly = handle(linker, lookup, "heif_image_get_plane_readonly", FunctionDescriptor.of(A, A, I, A));
        this.imageRelease = handle(linker, lookup, "heif_image_release", FunctionDescriptor.ofVoid(A));
        this.haveDecoder = handle(linker, lookup, "heif_have_decoder_for_format", FunctionDescriptor.of(I, I));
        MethodHandle getVersion = handle(linker, lookup, "heif_get_version", FunctionDescriptor.of(A));
        try {
            this.version = ((MemorySegment) getVersion.invokeExact()).reinterpret(64).getString(0);
            // Optional before 1.13, needed from 1.14 for codecs built as plugins (Debian 13 and later).
            Optional<MemorySegment> init = lookup.find("heif_init");
            if (init.isPresent()) {
                MethodHandle heifInit = linker.downcallHandle(init.get(), FunctionDescriptor.of(ERROR, A));
                MemorySegment error = (MemorySegment) heifInit.invokeExact((SegmentAllocator) Arena.global(),
                        MemorySegment.NULL);
                check(error, "heif_init");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        this.releaseCallback = linker.upcallStub(
                MethodHandles.insertArguments(MethodHandles.lookup().findStatic(LibHeif.class, "release",
                        MethodType.methodType(void.class, MethodHandle.class, MemorySegment.class, MemorySegment.class)),
                        0, imageRelease),
                FunctionDescriptor.ofVoid(A, A), Arena.global());
    }

    /** The system's libheif, loaded on first use; empty when there is none (the reason is logged once). */
    public static Optional<LibHeif> get() {
        return Holder.INSTANCE;
    }

    private static Optional<LibHeif> open() {
        String property = System.getProperty(PROPERTY);
        String environment = System.getenv(ENVIRONMENT);
        String library = property != null && !property.isBlank() ? property.strip()
                : environment != null && !environment.isBlank() ? environment.strip() : SYSTEM_LIBRARY;
        try {
            SymbolLookup lookup = library.contains("/")
                    ? SymbolLookup.libraryLookup(Path.of(library), Arena.global())
                    : SymbolLookup.libraryLookup(library, Arena.global());
            return Optional.of(new LibHeif(lookup, library));
        } catch (IllegalArgumentException | IllegalStateException | ReflectiveOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} cannot be loaded ({1}); install libheif (Debian and Ubuntu: "
                    + "apt-get install libheif1)", library, e.getMessage());
            return Optional.empty();
        }
    }

    /** The library name or file it was loaded from. */
    public String file() {
        return file;
    }

    /** libheif's version, e.g. {@code 1.15.1}. */
    public String version() {
        return version;
    }

    /** True when this libheif has an HEVC decoder (libde265), built in or as a plugin. */
    public boolean decodesHevc() {
        try {
            return (int) haveDecoder.invokeExact(COMPRESSION_HEVC) != 0;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decoded images whose pixels a libvips image still holds (for leak checks). */
    public static int liveImages() {
        return LIVE_IMAGES.get();
    }

    /**
     * The displayed size of a HEIF file's primary image, {width, height}: after its rotation, as
     * {@link #decodePrimary} gives it. Reads the file's boxes, decodes nothing. (A libvips whose own
     * libheif has no decoder for the image's codec may report the size as stored, before rotation.)
     *
     * @throws VipsException when the file cannot be read as HEIF
     */
    public int[] primarySize(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment context = (MemorySegment) contextAlloc.invokeExact();
            if (context.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("heif_context_alloc");
            }
            try {
                check((MemorySegment) readFromFile.invokeExact((SegmentAllocator) arena, context,
                        arena.allocateFrom(file.toString()), MemorySegment.NULL), "heif_context_read_from_file");
                MemorySegment handleOut = arena.allocate(A);
                check((MemorySegment) primaryHandle.invokeExact((SegmentAllocator) arena, context,
                        handleOut), "heif_context_get_primary_image_handle");
                MemorySegment handle = handleOut.get(A, 0);
                try {
                    return new int[]{(int) handleWidth.invokeExact(handle), (int) handleHeight.invokeExact(handle)};
                } finally {
                    handleRelease.invokeExact(handle);
                }
            } finally {
                contextFree.invokeExact(context);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Decodes the primary image of a HEIF file to 8-bit sRGB (with alpha when it has one), upright:
     * libheif applies the file's rotation, mirroring and crop. The size is read from the header
     * first, and a primary image of more than {@code maxPixels} is refused before any decoding. The
     * result holds all pixels in memory (HEIF has no decoding by rows); it carries no metadata.
     *
     * @throws VipsException when the file cannot be read or decoded, or is larger than allowed
     */
    public VipsImage decodePrimary(Path file, long maxPixels) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment context = (MemorySegment) contextAlloc.invokeExact();
            if (context.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("heif_context_alloc");
            }
            MemorySegment image;
            boolean alpha;
            try {
                check((MemorySegment) readFromFile.invokeExact((SegmentAllocator) arena, context,
                        arena.allocateFrom(file.toString()), MemorySegment.NULL), "heif_context_read_from_file");
                MemorySegment handleOut = arena.allocate(A);
                check((MemorySegment) primaryHandle.invokeExact((SegmentAllocator) arena, context,
                        handleOut), "heif_context_get_primary_image_handle");
                MemorySegment handle = handleOut.get(A, 0);
                try {
                    long width = (int) handleWidth.invokeExact(handle);
                    long height = (int) handleHeight.invokeExact(handle);
                    if (width <= 0 || height <= 0 || width * height > maxPixels) {
                        throw new VipsException("heif_decode_image", "the primary image is " + width + "x" + height
                                + ", more than the " + maxPixels + " pixels allowed");
                    }
                    alpha = (int) handleHasAlpha.invokeExact(handle) != 0;
                    MemorySegment imageOut = arena.allocate(A);
                    check((MemorySegment) decodeImage.invokeExact((SegmentAllocator) arena, handle,
                            imageOut, COLORSPACE_RGB, alpha ? CHROMA_INTERLEAVED_RGBA : CHROMA_INTERLEAVED_RGB,
                            MemorySegment.NULL), "heif_decode_image");
                    image = imageOut.get(A, 0);
                } finally {
                    handleRelease.invokeExact(handle);
                }
            } finally {
                contextFree.invokeExact(context);
            }
            return toVips(image, alpha ? 4 : 3, arena);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands the decoded pixels to libvips; the heif image is released here or when the libvips image is. */
    private VipsImage toVips(MemorySegment image, int bands, Arena arena) throws Throwable {
        boolean handedOver = false;
        LIVE_IMAGES.incrementAndGet();
        try {
            int width = (int) imageWidth.invokeExact(image, CHANNEL_INTERLEAVED);
            int height = (int) imageHeight.invokeExact(image, CHANNEL_INTERLEAVED);
            MemorySegment strideOut = arena.allocate(I);
            MemorySegment plane = (MemorySegment) planeReadonly.invokeExact(image, CHANNEL_INTERLEAVED, strideOut);
            int stride = strideOut.get(I, 0);
            if (plane.equals(MemorySegment.NULL) || width <= 0 || height <= 0) {
                throw new VipsException("heif_image_get_plane_readonly", "the decoded image has no RGB plane");
            }
            long rowBytes = (long) width * bands;
            VipsImage pixels;
            if (stride == rowBytes) {
                // libvips reads libheif's buffer in place and releases the heif image when it is done.
                pixels = VipsImage.wrap(plane.reinterpret(rowBytes * height), width, height, bands);
                pixels.onClose(releaseCallback, image);
                handedOver = true;
            } else {
                MemorySegment rows = plane.reinterpret((long) stride * (height - 1) + rowBytes);
                MemorySegment packed = arena.allocate(rowBytes * height);
                for (long y = 0; y < height; y++) {
                    MemorySegment.copy(rows, y * stride, packed, y * rowBytes, rowBytes);
                }
                pixels = VipsImage.copyOf(packed, width, height, bands);
            }
            try (pixels) {
                return pixels.copy(VipsOptions.none()
                        .with("interpretation", VipsEnums.value("VipsInterpretation", "srgb")));
            }
        } finally {
            if (!handedOver) {
                imageRelease.invokeExact(image);
                LIVE_IMAGES.decrementAndGet();
            }
        }
    }

    @SuppressWarnings("unused") // called from C when a libvips image made by decodePrimary closes
    private static void release(MethodHandle imageRelease, MemorySegment image, MemorySegment vipsImage) {
        try {
            imageRelease.invokeExact(image);
        } catch (Throwable e) {
            // An upcall must not throw; releasing a heif image cannot fail.
        } finally {
            LIVE_IMAGES.decrementAndGet();
        }
    }

    private static void check(MemorySegment error, String operation) {
        int code = error.get(ValueLayout.JAVA_INT, 0);
        if (code != 0) {
            MemorySegment message = error.get(A, 8);
            String text = message.equals(MemorySegment.NULL) ? "error " + code
                    : message.reinterpret(4096).getString(0);
            throw new VipsException(operation, text + " (" + code + "." + error.get(ValueLayout.JAVA_INT, 4) + ")");
        }
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String symbol, FunctionDescriptor descriptor) {
        return linker.downcallHandle(lookup.find(symbol)
                .orElseThrow(() -> new IllegalStateException("libheif has no symbol " + symbol)), descriptor);
    }
}
