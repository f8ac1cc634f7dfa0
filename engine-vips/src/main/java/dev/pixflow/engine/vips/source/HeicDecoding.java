package dev.pixflow.engine.vips.source;

import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.engine.vips.ffm.LibHeif;
import dev.pixflow.engine.vips.ffm.LibVips;
import dev.pixflow.engine.vips.ffm.LibVipsLog;
import dev.pixflow.engine.vips.ffm.VipsException;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Who decodes HEIC (HEVC) pixels in this process. libvips, when the loaded build can (Debian's
 * libvips42 can: its libheif has libde265); otherwise the system's libheif ({@link LibHeif}), whose
 * pixels libvips then takes over, with the metadata libvips read from the file's header (EXIF, ICC
 * profile). The pinned libvips 8.18 carries a libheif with AV1 only, so with it this is libheif.
 * Headers are libvips' either way (its heifload reads an HEVC file's header without a decoder), and
 * so is every other format, AVIF included.
 *
 * <p>Chosen once, when first asked, by letting libvips decode a 64x64 HEVC image kept here.
 */
public final class HeicDecoding {
    /** Where HEIC pixels come from. */
    public enum Route {
        /** The loaded libvips decodes HEVC itself. */
        LIBVIPS,
        /** The system's libheif decodes, libvips takes the pixels. */
        LIBHEIF,
        /** Neither can: HEIC originals are refused as unsupported. */
        NONE
    }

    /**
     * A 64x64 grey HEIC, HEVC-coded by x265 through libheif 1.15 (as the tests' HevcEncoder writes
     * them), 374 bytes.
     */
    private static final String PROBE =
            "AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAUJtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAAAAAAAAAAAAAA" +
            "AAAAAA5waXRtAAAAAAABAAAAImlsb2MAAAAAREAAAQABAAAAAAFmAAEAAAAAAAAAEAAAACNpaW5mAAAAAAABAAAAFWluZmUC" +
            "AAAAAAEAAGh2YzEAAAAAwmlwcnAAAACkaXBjbwAAAHhodmNDAQNwAAAAAAAAAAAAHvAA/P34+AAADwMgAAEAGEABDAH//wNw" +
            "AAADAJAAAAMAAAMAHroCQCEAAQArQgEBA3AAAAMAkAAAAwAAAwAeoCCBBZbqSSmubgQEDAgAAAMACAAAAwAIQCIAAQAHRAHB" +
            "crAiQAAAABRpc3BlAAAAAAAAAEAAAABAAAAAEHBpeGkAAAAAAwgICAAAABZpcG1hAAAAAAAAAAEAAQOBAoMAAAAYbWRhdAAA" +
            "AAwoAa8TgObOw+Egq64=";

    /**
     * Header fields not carried over to libheif's pixels: libheif has applied the file's rotation
     * (irot/imir) already, and the EXIF orientation, which iPhones write as well, must not turn the
     * image again (nor be written into a rendition kept with its metadata); only the primary image
     * is decoded (one page).
     */
    private static final Set<String> NOT_CARRIED = Set.of("orientation", "exif-ifd0-Orientation", "n-pages",
            "page-height");

    private static final System.Logger LOG = System.getLogger(HeicDecoding.class.getName());

    private static final class Holder {
        static final HeicDecoding CHOSEN = choose();
    }

    private final Route route;
    private final LibHeif libheif;

    private HeicDecoding(Route route, LibHeif libheif) {
        this.route = route;
        this.libheif = libheif;
    }

    /** The route of this process, chosen on first use (the choice is logged). */
    public static HeicDecoding current() {
        return Holder.CHOSEN;
    }

    public Route route() {
        return route;
    }

    /** For people: {@code libvips 8.14.1}, {@code libheif 1.15.1} or {@code none}. */
    public String decoder() {
        return switch (route) {
            case LIBVIPS -> "libvips " + LibVips.library().version();
            case LIBHEIF -> "libheif " + libheif.version();
            case NONE -> "none";
        };
    }

    /** True when the pixels of an original of this format are libheif's to decode. */
    boolean viaLibheif(ImageFormat format) {
        return format == ImageFormat.HEIC && route == Route.LIBHEIF;
    }

    /**
     * The displayed size of a HEIC file's primary image, {width, height}, as libheif reads it: the
     * header libvips gives may be the size as stored (before the file's rotation) where its own
     * libheif cannot decode HEVC. Only for the {@link Route#LIBHEIF} route.
     *
     * @throws VipsException when libheif cannot read the file
     */
    int[] displayedSize(Path file) {
        if (route != Route.LIBHEIF) {
            throw new IllegalStateException("HEIC is decoded by " + decoder() + " here, not by libheif");
        }
        return libheif.primarySize(file);
    }

    /**
     * The primary image of a HEIC file decoded by libheif: upright, 8-bit sRGB (with alpha if it has
     * one), carrying the header's metadata but no orientation. All its pixels are in memory. Only
     * for the {@link Route#LIBHEIF} route.
     *
     * @param maxPixels refuse (before decoding) a primary image larger than this
     * @throws VipsException when libheif cannot read or decode the file
     */
    public VipsImage decode(Path file, long maxPixels) {
        if (route != Route.LIBHEIF) {
            throw new IllegalStateException("HEIC is decoded by " + decoder() + " here, not by libheif");
        }
        try (VipsImage header = VipsImage.open(file);
             VipsImage pixels = libheif.decodePrimary(file, maxPixels)) {
            return pixels.withFieldsOf(header, NOT_CARRIED::contains);
        }
    }

    /**
     * vips_thumbnail for an original: straight from the file through libvips, or, for HEIC on the
     * libheif route, from libheif's decode (vips_thumbnail_image, the same resize without the
     * loader's shrink-on-load, which HEVC has not got anyway).
     */
    public static VipsImage thumbnail(Path file, ImageFormat format, long pixels, int width, VipsOptions options) {
        HeicDecoding decoding = current();
        if (!decoding.viaLibheif(format)) {
            return VipsImage.thumbnail(file, width, options);
        }
        try (VipsImage decoded = decoding.decode(file, pixels)) {
            return decoded.thumbnailImage(width, options);
        }
    }

    /** {@link #thumbnail(Path, ImageFormat, long, int, VipsOptions)} for a file whose header was not read yet. */
    public static VipsImage thumbnail(Path file, int width, VipsOptions options) {
        if (current().route != Route.LIBHEIF) {
            return VipsImage.thumbnail(file, width, options);
        }
        ImageFormat format;
        long pixels;
        try (VipsImage header = VipsImage.open(file)) {
            format = LoaderFormats.of(header.stringField("vips-loader").orElse(""), header).orElse(null);
            pixels = (long) header.width() * header.height();
        }
        return thumbnail(file, format, pixels, width, options);
    }

    private static HeicDecoding choose() {
        if (libvipsDecodesHevc()) {
            HeicDecoding chosen = new HeicDecoding(Route.LIBVIPS, null);
            LOG.log(System.Logger.Level.INFO, "HEIC (HEVC) is decoded by {0}", chosen.decoder());
            return chosen;
        }
        Optional<LibHeif> libheif = LibHeif.get().filter(LibHeif::decodesHevc);
        if (libheif.isPresent()) {
            HeicDecoding chosen = new HeicDecoding(Route.LIBHEIF, libheif.get());
            LOG.log(System.Logger.Level.INFO, "HEIC (HEVC) is decoded by {0} ({1}): libvips {2} has no HEVC decoder",
                    chosen.decoder(), libheif.get().file(), LibVips.library().version());
            return chosen;
        }
        LOG.log(System.Logger.Level.WARNING, "HEIC (HEVC) cannot be decoded: libvips {0} has no HEVC decoder and "
                + "no libheif with one was found (Debian and Ubuntu: apt-get install libheif1); HEIC uploads are "
                + "refused as unsupported", LibVips.library().version());
        return new HeicDecoding(Route.NONE, null);
    }

    private static boolean libvipsDecodesHevc() {
        byte[] probe = Base64.getDecoder().decode(PROBE);
        // Never freed (374 bytes, once): libvips reads the bytes in place, and an operation cache,
        // when one is configured, may keep the load that points at them.
        MemorySegment bytes = Arena.global().allocateFrom(ValueLayout.JAVA_BYTE, probe);
        // A libvips that cannot decode it warns for each tile it tried: an expected failure here.
        try (LibVipsLog.QuietWarnings ignored = LibVipsLog.quietWarnings();
             VipsImage image = VipsImage.fromBuffer(bytes, VipsOptions.none())) {
            image.average();
            return true;
        } catch (VipsException e) {
            return false;
        } finally {
            LibVips.clearErrors();
            LibVips.threadShutdown();
        }
    }
}
