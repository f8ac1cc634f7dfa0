package dev.pixflow.engine.vips.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One reference to a libvips image, released by {@link #close()}. This is the only owner of native
 * memory in the binding: every other native allocation lives in a confined arena for one call.
 *
 * <p>libvips images are lazy pipelines: an operation returns a new image that refers to its input,
 * so closing the input afterwards is safe. Pixels are computed when a sink (save, average, point,
 * copy to memory) pulls them. Use an instance from one thread at a time.
 */
public final class VipsImage implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    /** GConnectFlags: the handler gets the user data first and the instance second. */
    private static final int G_CONNECT_SWAPPED = 1 << 1;
    /** sizeof(GValue) on LP64: a GType and two 8-byte data words. */
    private static final long G_VALUE_SIZE = 24;
    /** The fields every libvips image has in its header struct rather than as metadata. */
    private static final java.util.Set<String> HEADER_FIELDS = java.util.Set.of("width", "height", "bands",
            "format", "coding", "interpretation", "xoffset", "yoffset", "xres", "yres", "filename", "mode");

    private MemorySegment pointer;

    private VipsImage(MemorySegment pointer) {
        this.pointer = pointer;
    }

    private static VipsImage own(MemorySegment pointer, String operation) {
        if (pointer.equals(MemorySegment.NULL)) {
            throw LibVips.failure(operation);
        }
        return new VipsImage(pointer);
    }

    MemorySegment pointer() {
        if (pointer == null) {
            throw new IllegalStateException("image already closed");
        }
        return pointer;
    }

    @Override
    public void close() {
        if (pointer != null) {
            LibVips.unref(pointer);
            pointer = null;
        }
    }

    // ---- opening

    /**
     * The nickname of the loader that recognises the file's bytes (e.g. {@code jpegload}), or empty
     * when none does. Reads a few bytes, decodes nothing.
     */
    public static Optional<String> findLoader(Path file) {
        MemorySegment className = LibVips.callPointer("vips_foreign_find_load", loadName(file));
        if (className.equals(MemorySegment.NULL)) {
            LibVips.takeError();
            return Optional.empty();
        }
        long type = LibVips.callLong("g_type_from_name", className);
        return Optional.ofNullable(LibVips.borrowedString(LibVips.callPointer("vips_nickname_find", type)));
    }

    /**
     * True when the loader {@code loader} (a nickname such as {@code svgload}) exists in this libvips and
     * recognises the file's bytes, blocked or not (vips_foreign_is_a). Decodes nothing.
     */
    public static boolean isA(String loader, Path file) {
        boolean recognised = LibVips.callInt("vips_foreign_is_a", loader, loadName(file)) != 0;
        if (!recognised) {
            LibVips.clearErrors();
        }
        return recognised;
    }

    /** Opens the file lazily: the header is read, pixels are decoded only when pulled. */
    public static VipsImage open(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = (MemorySegment) LibVips.CALLS.invokeVariadic(arena, "vips_image_new_from_file",
                    ValueLayout.ADDRESS, List.of(loadName(file)), VipsOptions.none());
            return own(image, "vips_image_new_from_file");
        }
    }

    /**
     * Opens the file lazily with the loader named (its nickname, e.g. {@code jpegload}), which
     * {@link #findLoader} chose: opening by file name would ask every loader to look at the bytes again.
     */
    public static VipsImage load(String loader, Path file, VipsOptions options) {
        return produce(loader, List.of(loadName(file)), List.of(), options);
    }

    /** As {@link #load}, but through a {@link FileSource}: the loader reads the file instead of mapping it. */
    public static VipsImage loadByReads(String loader, Path file, VipsOptions options) {
        String operation = loader + "_source";
        MemorySegment source = FileSource.open(file, "vips_" + operation);
        try {
            return produce(operation, List.of(source), List.of(), options);
        } finally {
            LibVips.unref(source);
        }
    }

    /**
     * Opens an image held in {@code bytes} lazily (vips_image_new_from_buffer), with load options.
     * libvips reads the bytes in place: they must stay valid until the image and every image made
     * from it are closed.
     */
    public static VipsImage fromBuffer(MemorySegment bytes, VipsOptions options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = (MemorySegment) LibVips.CALLS.invokeVariadic(arena, "vips_image_new_from_buffer",
                    ValueLayout.ADDRESS, List.of(bytes, bytes.byteSize(), ""), options);
            return own(image, "vips_image_new_from_buffer");
        }
    }

    /** vips_thumbnail: opens and shrinks in one step, using the loader's shrink-on-load where it has one. */
    public static VipsImage thumbnail(Path file, int width, VipsOptions options) {
        return produce("thumbnail", List.of(loadName(file)), List.of(width), options);
    }

    /** An image of 8-bit pixels copied from {@code pixels} (row by row, bands interleaved). */
    public static VipsImage fromPixels(byte[] pixels, int width, int height, int bands) {
        if ((long) width * height * bands != pixels.length) {
            throw new IllegalArgumentException("expected " + (long) width * height * bands + " bytes");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocateFrom(ValueLayout.JAVA_BYTE, pixels);
            MemorySegment image = LibVips.callPointer("vips_image_new_from_memory_copy", data, (long) pixels.length,
                    width, height, bands, VipsEnums.value("VipsBandFormat", "uchar"));
            return own(image, "vips_image_new_from_memory_copy");
        }
    }

    /**
     * An image over 8-bit pixels in native memory that libvips does not own (vips_image_new_from_memory):
     * the memory must stay valid until the image is closed, which {@link #onClose} can arrange.
     */
    static VipsImage wrap(MemorySegment pixels, int width, int height, int bands) {
        checkSize(pixels, width, height, bands);
        return own(LibVips.callPointer("vips_image_new_from_memory", pixels, pixels.byteSize(), width, height, bands,
                VipsEnums.value("VipsBandFormat", "uchar")), "vips_image_new_from_memory");
    }

    /** An image of 8-bit pixels copied from native memory (vips_image_new_from_memory_copy). */
    static VipsImage copyOf(MemorySegment pixels, int width, int height, int bands) {
        checkSize(pixels, width, height, bands);
        return own(LibVips.callPointer("vips_image_new_from_memory_copy", pixels, pixels.byteSize(), width, height,
                bands, VipsEnums.value("VipsBandFormat", "uchar")), "vips_image_new_from_memory_copy");
    }

    private static void checkSize(MemorySegment pixels, int width, int height, int bands) {
        if ((long) width * height * bands != pixels.byteSize()) {
            throw new IllegalArgumentException("expected " + (long) width * height * bands + " bytes");
        }
    }

    /**
     * Calls {@code callback(data, image)} when libvips closes this image (its "postclose" signal, which
     * libvips itself uses to free the memory of images made from memory), on whatever thread drops
     * the last reference.
     */
    void onClose(MemorySegment callback, MemorySegment data) {
        try (Arena arena = Arena.ofConfined()) {
            LibVips.CALLS.invoke(arena, "g_signal_connect_data", ValueLayout.JAVA_LONG, NativeCalls.FIXED,
                    List.of(pointer(), "postclose", callback, data, MemorySegment.NULL, G_CONNECT_SWAPPED));
        }
    }

    /**
     * Makes every evaluation of this image, or of any image made from it, fail once
     * {@link System#nanoTime()} reaches {@code endNanos}: with progress reporting on, libvips signals
     * "eval" on this image after each chunk it computes downstream, and the handler then sets the kill
     * flag, which the evaluation checks before its next chunk ("killed for image"). A long step (a
     * decode, an encode) is so stopped in its middle, not only between steps. The time rides in the
     * handler's data pointer itself, so nothing is allocated that could outlive the image.
     */
    public void killAt(long endNanos) {
        LibVips.callVoid("vips_image_set_progress", pointer(), 1);
        try (Arena arena = Arena.ofConfined()) {
            LibVips.CALLS.invoke(arena, "g_signal_connect_data", ValueLayout.JAVA_LONG, NativeCalls.FIXED,
                    List.of(pointer(), "eval", EvalHandler.STUB, MemorySegment.ofAddress(endNanos), MemorySegment.NULL,
                            0));
        }
    }

    /** The "eval" handler of {@link #killAt}, made on first use. */
    private static final class EvalHandler {
        static final MemorySegment STUB;

        static {
            try {
                STUB = Linker.nativeLinker().upcallStub(
                        MethodHandles.lookup().findStatic(VipsImage.class, "onEval", MethodType.methodType(
                                void.class, MemorySegment.class, MemorySegment.class, MemorySegment.class)),
                        FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                        Arena.global());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @SuppressWarnings("unused") // called from C: void (*)(VipsImage *image, VipsProgress *progress, gpointer data)
    private static void onEval(MemorySegment image, MemorySegment progress, MemorySegment endNanos) {
        // An upcall must not throw: the JVM would end.
        try {
            if (System.nanoTime() - endNanos.address() >= 0) {
                LibVips.callVoid("vips_image_set_kill", image, 1);
            }
        } catch (Throwable e) {
            // Nothing to do: the render's own deadline check between steps still stops it.
        }
    }

    /**
     * A copy that also carries {@code from}'s metadata fields (EXIF, ICC profile, XMP ...), without
     * those {@code skip} names; libvips' own header fields (size, format, resolution ...) stay this
     * image's. Setting {@code exif-data} makes libvips (8.18) parse it into {@code exif-ifd*} fields
     * again, orientation included, so {@code skip} is applied after the copy as well.
     */
    public VipsImage withFieldsOf(VipsImage from, java.util.function.Predicate<String> skip) {
        VipsImage copy = copy(VipsOptions.none());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(G_VALUE_SIZE, 8);
            for (String name : from.fieldNames()) {
                if (HEADER_FIELDS.contains(name) || skip.test(name)) {
                    continue;
                }
                value.fill((byte) 0);
                if (LibVips.callInt("vips_image_get", from.pointer(), name, value) != 0) {
                    LibVips.takeError();
                    continue;
                }
                try {
                    LibVips.callVoid("vips_image_set", copy.pointer(), name, value);
                } finally {
                    LibVips.callVoid("g_value_unset", value);
                }
            }
            for (String name : copy.fieldNames()) {
                if (!HEADER_FIELDS.contains(name) && skip.test(name)) {
                    LibVips.callInt("vips_image_remove", copy.pointer(), name);
                }
            }
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
        return copy;
    }

    /**
     * libvips reads a trailing {@code [...]} of a file name as load options, and parses the name
     * again inside the loader, so no escaping helps: such a name cannot be opened. Pixflow names its
     * own files, so meeting one is a programming error, reported as such rather than as a bad image.
     */
    private static String loadName(Path file) {
        String name = file.toString();
        if (name.endsWith("]")) {
            throw new IllegalArgumentException("libvips cannot open a file whose name ends in ']': "
                    + file.getFileName());
        }
        return name;
    }

    /** Another owner of the same image (g_object_ref): each owner closes its own reference. */
    public VipsImage share() {
        MemorySegment p = pointer();
        LibVips.callPointer("g_object_ref", p);
        return new VipsImage(p);
    }

    /** Text rendered by Pango as a one-band mask (0 transparent .. 255 ink), with vips_text. */
    public static VipsImage text(String text, VipsOptions options) {
        return produce("text", List.of(), List.of(text), options);
    }

    /** Joins images into a grid, {@code across} a row (1: a vertical strip, as animations are held). */
    public static VipsImage arrayjoin(List<VipsImage> images, int across) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(ValueLayout.ADDRESS, images.size());
            for (int i = 0; i < images.size(); i++) {
                array.setAtIndex(ValueLayout.ADDRESS, i, images.get(i).pointer());
            }
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            int status = (int) LibVips.CALLS.invokeVariadic(arena, "vips_arrayjoin", INT,
                    List.of(array, out, images.size()), VipsOptions.none().with("across", across));
            if (status != 0) {
                throw LibVips.failure("vips_arrayjoin");
            }
            return own(out.get(ValueLayout.ADDRESS, 0), "vips_arrayjoin");
        }
    }

    // ---- header

    public int width() {
        return LibVips.callInt("vips_image_get_width", pointer());
    }

    public int height() {
        return LibVips.callInt("vips_image_get_height", pointer());
    }

    public int bands() {
        return LibVips.callInt("vips_image_get_bands", pointer());
    }

    /** VipsBandFormat value; see {@link VipsEnums#nick}. */
    public int bandFormat() {
        return LibVips.callInt("vips_image_get_format", pointer());
    }

    /** VipsInterpretation value; see {@link VipsEnums#nick}. */
    public int interpretation() {
        return LibVips.callInt("vips_image_get_interpretation", pointer());
    }

    public boolean hasAlpha() {
        return LibVips.callInt("vips_image_hasalpha", pointer()) != 0;
    }

    /** EXIF orientation 1..8, 1 when the image has none. */
    public int orientation() {
        return LibVips.callInt("vips_image_get_orientation", pointer());
    }

    /** Pages (frames) in the file, 1 when the format has no pages. */
    public int pages() {
        return LibVips.callInt("vips_image_get_n_pages", pointer());
    }

    public boolean hasField(String name) {
        return LibVips.callLong("vips_image_get_typeof", pointer(), name) != 0;
    }

    public Optional<String> stringField(String name) {
        if (!hasField(name)) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            if (LibVips.callInt("vips_image_get_string", pointer(), name, out) != 0) {
                LibVips.takeError();
                return Optional.empty();
            }
            return Optional.ofNullable(LibVips.borrowedString(out.get(ValueLayout.ADDRESS, 0)));
        }
    }

    public OptionalInt intField(String name) {
        if (!hasField(name)) {
            return OptionalInt.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(INT);
            if (LibVips.callInt("vips_image_get_int", pointer(), name, out) != 0) {
                LibVips.takeError();
                return OptionalInt.empty();
            }
            return OptionalInt.of(out.get(INT, 0));
        }
    }

    // ---- operations: each returns a new image the caller owns

    /**
     * Calls {@code int vips_<operation>(VipsImage *in, VipsImage **out, required..., options..., NULL)},
     * the shape of most libvips image operations.
     */
    public VipsImage apply(String operation, VipsOptions options, Object... required) {
        return produce(operation, List.of(this), List.of(required), options);
    }

    public VipsImage thumbnailImage(int width, VipsOptions options) {
        return apply("thumbnail_image", options, width);
    }

    public VipsImage smartcrop(int width, int height, VipsOptions options) {
        return apply("smartcrop", options, width, height);
    }

    public VipsImage colourspace(int interpretation) {
        return apply("colourspace", VipsOptions.none(), interpretation);
    }

    public VipsImage cast(int bandFormat) {
        return apply("cast", VipsOptions.none(), bandFormat);
    }

    public VipsImage copy(VipsOptions options) {
        return apply("copy", options);
    }

    /** Renders every pixel into memory: the result can be read any number of times, in any order. */
    public VipsImage copyMemory() {
        return own(LibVips.callPointer("vips_image_copy_memory", pointer()), "vips_image_copy_memory");
    }

    /** Drops the alpha channel, blending onto {@code background} (one value per colour band). */
    public VipsImage flatten(double... background) {
        MemorySegment array;
        try (Arena arena = Arena.ofConfined()) {
            array = LibVips.callPointer("vips_array_double_new",
                    arena.allocateFrom(ValueLayout.JAVA_DOUBLE, background), background.length);
        }
        try {
            return apply("flatten", VipsOptions.none().with("background", array));
        } finally {
            LibVips.callVoid("vips_area_unref", array);
        }
    }

    /** An image of this one's size filled with the constant {@code bands} values. */
    public VipsImage constant(double... bands) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, bands);
            return own(LibVips.callPointer("vips_image_new_from_image", pointer(), values, bands.length),
                    "vips_image_new_from_image");
        }
    }

    /** {@code a * pixel + b} per band, kept 8-bit. */
    public VipsImage linear(double[] a, double[] b) {
        try (Arena arena = Arena.ofConfined()) {
            return apply("linear", VipsOptions.none().with("uchar", true),
                    arena.allocateFrom(ValueLayout.JAVA_DOUBLE, a), arena.allocateFrom(ValueLayout.JAVA_DOUBLE, b),
                    a.length);
        }
    }

    /** Turns by an arbitrary angle (degrees clockwise), filling the new corners with {@code background}. */
    public VipsImage rotate(double angle, double... background) {
        MemorySegment array = doubles(background);
        try {
            return apply("rotate", VipsOptions.none().with("background", array), angle);
        } finally {
            LibVips.callVoid("vips_area_unref", array);
        }
    }

    /** Places this image at (x, y) on a {@code width x height} canvas of {@code background}. */
    public VipsImage embed(int x, int y, int width, int height, double... background) {
        MemorySegment array = doubles(background);
        try {
            return apply("embed", VipsOptions.none()
                    .with("extend", VipsEnums.value("VipsExtend", "background"))
                    .with("background", array), x, y, width, height);
        } finally {
            LibVips.callVoid("vips_area_unref", array);
        }
    }

    /** Draws {@code overlay} over this image at (x, y), blending by the overlay's alpha. */
    public VipsImage compositeOver(VipsImage overlay, int x, int y) {
        return produce("composite2", List.of(this, overlay), List.of(VipsEnums.value("VipsBlendMode", "over")),
                VipsOptions.none().with("x", x).with("y", y));
    }

    /** Joins the bands of {@code other} after this image's. */
    public VipsImage bandjoin(VipsImage other) {
        return produce("bandjoin2", List.of(this, other), List.of(), VipsOptions.none());
    }

    /** A copy without the metadata field {@code name} (on a private copy, never a shared image). */
    public VipsImage withoutFields(java.util.function.Predicate<String> names) {
        VipsImage copy = copy(VipsOptions.none());
        for (String name : fieldNames()) {
            if (names.test(name)) {
                LibVips.callInt("vips_image_remove", copy.pointer(), name);
            }
        }
        return copy;
    }

    /** The bytes of a blob metadata field ({@code xmp-data}, {@code exif-data} ...), if the image has it. */
    public Optional<byte[]> blobField(String name) {
        if (!hasField(name)) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_LONG);
            if (LibVips.callInt("vips_image_get_blob", pointer(), name, data, length) != 0) {
                LibVips.takeError();
                return Optional.empty();
            }
            long n = length.get(ValueLayout.JAVA_LONG, 0);
            return Optional.of(data.get(ValueLayout.ADDRESS, 0).reinterpret(n).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /** A copy whose blob field {@code name} holds {@code bytes} (on a private copy, never a shared image). */
    public VipsImage withBlobField(String name, byte[] bytes) {
        VipsImage copy = copy(VipsOptions.none());
        try (Arena arena = Arena.ofConfined()) {
            LibVips.callVoid("vips_image_set_blob_copy", copy.pointer(), name,
                    arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes), (long) bytes.length);
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
        return copy;
    }

    /** The names of the image's metadata fields. */
    public List<String> fieldNames() {
        MemorySegment names = LibVips.callPointer("vips_image_get_fields", pointer());
        List<String> out = new ArrayList<>();
        try {
            MemorySegment array = names.reinterpret(Long.MAX_VALUE);
            for (long i = 0; ; i++) {
                MemorySegment name = array.getAtIndex(ValueLayout.ADDRESS, i);
                if (name.equals(MemorySegment.NULL)) {
                    break;
                }
                out.add(name.reinterpret(Long.MAX_VALUE).getString(0));
            }
        } finally {
            LibVips.callVoid("g_strfreev", names);
        }
        return out;
    }

    private static MemorySegment doubles(double... values) {
        try (Arena arena = Arena.ofConfined()) {
            return LibVips.callPointer("vips_array_double_new",
                    arena.allocateFrom(ValueLayout.JAVA_DOUBLE, values), values.length);
        }
    }

    /** A copy carrying a string metadata field (on a private copy, never a shared image). */
    public VipsImage withStringField(String name, String value) {
        VipsImage copy = copy(VipsOptions.none());
        LibVips.callVoid("vips_image_set_string", copy.pointer(), name, value);
        return copy;
    }

    /** Every pixel, row by row with bands interleaved, as the image's band format stores them. */
    public byte[] toBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment data = LibVips.callPointer("vips_image_write_to_memory", pointer(), size);
            if (data.equals(MemorySegment.NULL)) {
                throw LibVips.failure("vips_image_write_to_memory");
            }
            try {
                return data.reinterpret(size.get(ValueLayout.JAVA_LONG, 0)).toArray(ValueLayout.JAVA_BYTE);
            } finally {
                LibVips.callVoid("g_free", data);
            }
        }
    }

    /** A copy carrying an int metadata field (metadata is set on a private copy, never on a shared image). */
    public VipsImage withIntField(String name, int value) {
        VipsImage copy = copy(VipsOptions.none());
        LibVips.callVoid("vips_image_set_int", copy.pointer(), name, value);
        return copy;
    }

    private static VipsImage produce(String operation, List<?> beforeOut, List<?> afterOut,
                                     VipsOptions options) {
        String symbol = "vips_" + operation;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
            List<Object> required = new ArrayList<>(beforeOut);
            required.add(out);
            required.addAll(afterOut);
            int status = (int) LibVips.CALLS.invokeVariadic(arena, symbol, INT, required, options);
            if (status != 0) {
                throw LibVips.failure(symbol);
            }
            return own(out.get(ValueLayout.ADDRESS, 0), symbol);
        }
    }

    // ---- sinks: these pull pixels

    /** Calls {@code int vips_<saver>(VipsImage *in, const char *filename, options..., NULL)}. */
    public void save(String saver, Path file, VipsOptions options) {
        String symbol = "vips_" + saver;
        try (Arena arena = Arena.ofConfined()) {
            int status = (int) LibVips.CALLS.invokeVariadic(arena, symbol, INT,
                    List.of(this, file.toString()), options);
            if (status != 0) {
                throw LibVips.failure(symbol);
            }
        }
    }

    /** Mean of all pixels in all bands; computing it decodes the whole image. */
    public double average() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE);
            int status = (int) LibVips.CALLS.invokeVariadic(arena, "vips_avg", INT, List.of(this, out),
                    VipsOptions.none());
            if (status != 0) {
                throw LibVips.failure("vips_avg");
            }
            return out.get(ValueLayout.JAVA_DOUBLE, 0);
        }
    }

    /** The band values of the pixel at (x, y). */
    public double[] point(int x, int y) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment vector = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment count = arena.allocate(INT);
            int status = (int) LibVips.CALLS.invokeVariadic(arena, "vips_getpoint", INT,
                    List.of(this, vector, count, x, y), VipsOptions.none());
            if (status != 0) {
                throw LibVips.failure("vips_getpoint");
            }
            MemorySegment values = vector.get(ValueLayout.ADDRESS, 0);
            try {
                int n = count.get(INT, 0);
                return values.reinterpret((long) n * Double.BYTES).toArray(ValueLayout.JAVA_DOUBLE);
            } finally {
                LibVips.callVoid("g_free", values);
            }
        }
    }
}
