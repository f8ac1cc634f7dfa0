package dev.pixflow.engine.vips.testing;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * Writes real HEIC files, HEVC-coded by x265 through the system's libheif (Debian's libheif1), the
 * way a phone's camera does: independent of the libvips under test, whose own libheif may have no
 * HEVC encoder (the pinned build has AV1 only).
 */
public final class HevcEncoder {
    private static final AddressLayout A = ValueLayout.ADDRESS;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final MemoryLayout ERROR = MemoryLayout.structLayout(I, I, A);
    private static final int COMPRESSION_HEVC = 1;
    private static final int COLORSPACE_RGB = 1;
    private static final int CHROMA_INTERLEAVED_RGB = 10;
    private static final int CHANNEL_INTERLEAVED = 10;
    /** struct heif_encoding_options (libheif 1.14+): version at 0, image_orientation at 20 (from version 5). */
    private static final long OPTIONS_IMAGE_ORIENTATION = 20;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup HEIF = SymbolLookup.libraryLookup("libheif.so.1", Arena.global());

    private HevcEncoder() {
    }

    /**
     * Encodes {@code rgb} (8-bit, interleaved, {@code width * height * 3} bytes) as the primary image of
     * a HEIC file.
     *
     * @param orientation the EXIF-style orientation (1 to 8) written as {@code irot}/{@code imir}
     *                    boxes, which a reader applies to display the image
     * @param exif        a TIFF-structured EXIF block to attach, or null
     */
    public static Path encode(Path file, byte[] rgb, int width, int height, int quality, int orientation,
                              byte[] exif) {
        try (Arena arena = Arena.ofConfined()) {
            SegmentAllocator errors = arena;
            MemorySegment init = HEIF.find("heif_init").orElseThrow();
            check((MemorySegment) LINKER.downcallHandle(init, FunctionDescriptor.of(ERROR, A))
                    .invokeExact(errors, MemorySegment.NULL), "heif_init");
            MemorySegment context = (MemorySegment) handle("heif_context_alloc", FunctionDescriptor.of(A)).invokeExact();
            MemorySegment out = arena.allocate(A);
            check((MemorySegment) handle("heif_context_get_encoder_for_format", FunctionDescriptor.of(ERROR, A, I, A))
                    .invokeExact(errors, context, COMPRESSION_HEVC, out), "heif_context_get_encoder_for_format");
            MemorySegment encoder = out.get(A, 0);
            check((MemorySegment) handle("heif_encoder_set_lossy_quality", FunctionDescriptor.of(ERROR, A, I))
                    .invokeExact(errors, encoder, quality), "heif_encoder_set_lossy_quality");

            check((MemorySegment) handle("heif_image_create", FunctionDescriptor.of(ERROR, I, I, I, I, A))
                    .invokeExact(errors, width, height, COLORSPACE_RGB, CHROMA_INTERLEAVED_RGB, out), "heif_image_create");
            MemorySegment image = out.get(A, 0);
            check((MemorySegment) handle("heif_image_add_plane", FunctionDescriptor.of(ERROR, A, I, I, I, I))
                    .invokeExact(errors, image, CHANNEL_INTERLEAVED, width, height, 8), "heif_image_add_plane");
            MemorySegment strideOut = arena.allocate(I);
            MemorySegment plane = (MemorySegment) handle("heif_image_get_plane", FunctionDescriptor.of(A, A, I, A))
                    .invokeExact(image, CHANNEL_INTERLEAVED, strideOut);
            int stride = strideOut.get(I, 0);
            MemorySegment rows = plane.reinterpret((long) stride * height);
            for (int y = 0; y < height; y++) {
                MemorySegment.copy(MemorySegment.ofArray(rgb), (long) y * width * 3, rows, (long) y * stride,
                        (long) width * 3);
            }

            MemorySegment options = (MemorySegment) handle("heif_encoding_options_alloc", FunctionDescriptor.of(A))
                    .invokeExact();
            options = options.reinterpret(OPTIONS_IMAGE_ORIENTATION + 4);
            if (orientation != 1) {
                if (options.get(ValueLayout.JAVA_BYTE, 0) < 5) {
                    throw new IllegalStateException("this libheif cannot write an orientation");
                }
                options.set(I, OPTIONS_IMAGE_ORIENTATION, orientation);
            }
            check((MemorySegment) handle("heif_context_encode_image", FunctionDescriptor.of(ERROR, A, A, A, A, A))
                    .invokeExact(errors, context, image, encoder, options, out), "heif_context_encode_image");
            MemorySegment primary = out.get(A, 0);
            if (exif != null) {
                check((MemorySegment) handle("heif_context_add_exif_metadata", FunctionDescriptor.of(ERROR, A, A, A, I))
                        .invokeExact(errors, context, primary, arena.allocateFrom(ValueLayout.JAVA_BYTE, exif),
                                exif.length), "heif_context_add_exif_metadata");
            }
            check((MemorySegment) handle("heif_context_write_to_file", FunctionDescriptor.of(ERROR, A, A))
                    .invokeExact(errors, context, arena.allocateFrom(file.toString())), "heif_context_write_to_file");

            handle("heif_image_handle_release", FunctionDescriptor.ofVoid(A)).invokeExact(primary);
            handle("heif_encoding_options_free", FunctionDescriptor.ofVoid(A)).invokeExact(options);
            handle("heif_image_release", FunctionDescriptor.ofVoid(A)).invokeExact(image);
            handle("heif_encoder_release", FunctionDescriptor.ofVoid(A)).invokeExact(encoder);
            handle("heif_context_free", FunctionDescriptor.ofVoid(A)).invokeExact(context);
            return file;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle handle(String symbol, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(HEIF.find(symbol).orElseThrow(() -> new IllegalStateException(
                "libheif has no " + symbol)), descriptor);
    }

    private static void check(MemorySegment error, String operation) {
        int code = error.get(I, 0);
        if (code != 0) {
            MemorySegment message = error.get(A, 8);
            throw new IllegalStateException(operation + ": " + (message.equals(MemorySegment.NULL) ? code
                    : message.reinterpret(4096).getString(0)));
        }
    }
}
