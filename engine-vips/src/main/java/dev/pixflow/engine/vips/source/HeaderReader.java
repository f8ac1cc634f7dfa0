package dev.pixflow.engine.vips.source;

import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.RejectedImageException.Reason;
import dev.pixflow.engine.vips.ffm.VipsEnums;
import dev.pixflow.engine.vips.ffm.VipsException;
import dev.pixflow.engine.vips.ffm.VipsImage;
import dev.pixflow.engine.vips.ffm.VipsOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads an original's header without decoding pixels, and refuses what Pixflow does not accept. */
public final class HeaderReader {
    /** How many of a file's first bytes are read to recognise it by signature. */
    static final int HEAD_BYTES = 32;

    private HeaderReader() {
    }

    /** The header with the camera's EXIF fields, for the catalogue. */
    public static SourceHeader read(Path file) {
        return read(file, true);
    }

    /** The header without the EXIF fields, which decoding does not use and which cost a parse each. */
    public static SourceHeader forDecoding(Path file) {
        return read(file, false);
    }

    private static SourceHeader read(Path file, boolean exif) {
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new NoSuchFileException(file.toString()));
        }
        byte[] head = head(file);
        String loader = (startsAsJpeg(head) ? Optional.of(JpegDecoding.LOADER) : VipsImage.findLoader(file))
                .or(() -> RefusedFormats.recognise(file, head))
                .orElseThrow(() -> startsAsTiff(head)
                        // libvips' TIFF loader claims a file only once it has read its first directory, which a
                        // TIFF keeps at its end as often as not: cut short, it is a TIFF all the same.
                        ? new RejectedImageException(Reason.CORRUPT,
                                "the image data is truncated or corrupt: a TIFF whose image directory cannot be read")
                        : new RejectedImageException(Reason.NOT_AN_IMAGE, "the bytes are not an image in any format known here"));
        if (!LoaderFormats.ACCEPTED.contains(loader)) {
            throw unsupported(loader);
        }
        try (VipsImage header = VipsImage.load(loader, file, VipsOptions.none())) {
            ImageFormat format = LoaderFormats.of(loader, header).orElseThrow(() -> unsupported(loader));
            HeicDecoding heic = HeicDecoding.current();
            if (format == ImageFormat.HEIC && heic.route() == HeicDecoding.Route.NONE) {
                throw new RejectedImageException(Reason.UNSUPPORTED_FORMAT,
                        "HEIC (HEVC) images cannot be decoded on this server");
            }
            int orientation = header.orientation();
            boolean sideways = orientation >= 5 && orientation <= 8;
            int width = sideways ? header.height() : header.width();
            int height = sideways ? header.width() : header.height();
            int pages = Math.max(1, header.pages());
            if (heic.viaLibheif(format)) {
                // The size libheif will decode to; and only the primary image: one still image.
                int[] size = heic.displayedSize(file);
                width = size[0];
                height = size[1];
                pages = 1;
            }
            return new SourceHeader(loader, format, width, height, header.hasAlpha(), pages, orientation,
                    header.interpretation() == VipsEnums.value("VipsInterpretation", "cmyk"),
                    header.hasField("icc-profile-data"),
                    exif ? ExifFields.read(header::stringField) : Exif.NONE);
        } catch (VipsException e) {
            throw Rejections.corrupt(file, e);
        }
    }

    /** The first bytes of a file, enough for every signature looked at here. */
    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether a file beginning with {@code head} starts with a JPEG's start-of-image marker, the test
     * libvips' JPEG loader makes. Such a file goes to that loader without asking every loader in turn:
     * libvips' Ultra HDR loader (8.18 with libultrahdr) would claim an Android phone's photo with a gain
     * map and be refused as a format of its own, where Pixflow accepts it as the JPEG it is and renders
     * its SDR picture, the one every JPEG decoder shows; and to find out, it reads each JPEG's header,
     * and maps the whole file of every photo with a multi-picture (MPF) segment.
     */
    private static boolean startsAsJpeg(byte[] head) {
        return head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8;
    }

    /** A TIFF's (or BigTIFF's) byte order and magic number: II*\0, MM\0*, II+\0, MM\0+. */
    private static boolean startsAsTiff(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        boolean intel = head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0;
        boolean motorola = head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43);
        return intel || motorola;
    }

    private static RejectedImageException unsupported(String loader) {
        String name = loader.endsWith("load") ? loader.substring(0, loader.length() - "load".length()) : loader;
        return new RejectedImageException(Reason.UNSUPPORTED_FORMAT,
                "the image is " + name + ", which is not accepted (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIC are)");
    }
}
