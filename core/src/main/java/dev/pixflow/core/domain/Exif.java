package dev.pixflow.core.domain;

import java.time.Instant;

/**
 * What the camera wrote into the file, as far as Pixflow keeps it; any field may be null. The original
 * keeps all of its EXIF, renditions strip it, and the API shows {@code gps} only to the image's owner.
 *
 * @param takenAt      DateTimeOriginal, at its OffsetTimeOriginal when the camera wrote one, else read as UTC
 * @param exposureTime as photographers write it: {@code 1/200}, or seconds such as {@code 2.5}
 * @param fNumber      the aperture, 2.8 for f/2.8
 * @param focalLength  in millimetres
 */
public record Exif(String cameraMake, String cameraModel, String lens, Instant takenAt, String exposureTime,
                   Double fNumber, Integer iso, Double focalLength, GeoPoint gps) {

    public static final Exif NONE = new Exif(null, null, null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(NONE);
    }

    public Exif withoutGps() {
        return new Exif(cameraMake, cameraModel, lens, takenAt, exposureTime, fNumber, iso, focalLength, null);
    }
}
