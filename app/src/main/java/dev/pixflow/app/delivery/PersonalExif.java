package dev.pixflow.app.delivery;

import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.bytesource.ByteSource;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffImageParser;
import org.apache.commons.imaging.formats.tiff.constants.DngTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.MicrosoftTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfo;
import org.apache.commons.imaging.formats.tiff.write.TiffImageWriterLossy;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.List;

/**
 * The EXIF entries that tell about a person rather than a picture, and an EXIF block without them.
 * Removed: the GPS directory (where the photo was taken), the numbers and names that tie a photo to a
 * device or a person (body and lens serial numbers, the camera owner's name, the image's unique id),
 * the free-text user comment and Windows author and comment, and the maker note (an opaque vendor block
 * that holds serial numbers and, on some cameras, positions). Kept: what the API shows anyone (camera,
 * lens, exposure, when it was taken), what displays the picture right (orientation, resolution, colour
 * space), the photographer's artist and copyright credit, and the embedded thumbnail.
 */
final class PersonalExif {
    /** In any directory. */
    static final List<TagInfo> PERSONAL_TAGS = List.of(
            ExifTagConstants.EXIF_TAG_GPSINFO, // the pointer to the GPS directory
            ExifTagConstants.EXIF_TAG_MAKER_NOTE,
            ExifTagConstants.EXIF_TAG_USER_COMMENT,
            ExifTagConstants.EXIF_TAG_IMAGE_UNIQUE_ID,
            ExifTagConstants.EXIF_TAG_CAMERA_OWNER_NAME,
            ExifTagConstants.EXIF_TAG_OWNER_NAME,
            ExifTagConstants.EXIF_TAG_BODY_SERIAL_NUMBER,
            ExifTagConstants.EXIF_TAG_SERIAL_NUMBER,
            ExifTagConstants.EXIF_TAG_LENS_SERIAL_NUMBER,
            DngTagConstants.EXIF_TAG_CAMERA_SERIAL_NUMBER,
            MicrosoftTagConstants.EXIF_TAG_XPCOMMENT,
            MicrosoftTagConstants.EXIF_TAG_XPAUTHOR);

    private PersonalExif() {
    }

    /** The EXIF's entries without the personal ones; empty when it holds none. */
    static Optional<TiffOutputSet> without(TiffImageMetadata exif) throws ImagingException {
        TiffOutputSet all = exif.getOutputSet();
        boolean found = false;
        TiffOutputSet kept = new TiffOutputSet(all.byteOrder);
        for (TiffOutputDirectory directory : all.getDirectories()) {
            if (directory.getType() == TiffDirectoryConstants.DIRECTORY_TYPE_GPS) {
                found = true;
                continue;
            }
            for (TagInfo tag : PERSONAL_TAGS) {
                if (directory.findField(tag.tag) != null) {
                    directory.removeField(tag.tag);
                    found = true;
                }
            }
            kept.addDirectory(directory);
        }
        return found ? Optional.of(kept) : Optional.empty();
    }

    /**
     * A bare EXIF block (a TIFF header and its directories, as PNG's eXIf and WebP's EXIF chunks hold
     * it) without the personal entries; empty when it holds none.
     */
    static Optional<byte[]> without(byte[] tiff) throws IOException {
        TiffImageMetadata exif = (TiffImageMetadata) new TiffImageParser().getMetadata(ByteSource.array(tiff), null);
        if (exif == null) {
            return Optional.empty();
        }
        Optional<TiffOutputSet> kept = without(exif);
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(tiff.length);
        new TiffImageWriterLossy(kept.get().byteOrder).write(out, kept.get());
        return Optional.of(out.toByteArray());
    }
}
