package dev.pixflow.core.domain;

/** A position on the WGS-84 globe in decimal degrees, north and east positive. */
public record GeoPoint(double latitude, double longitude) {
    public GeoPoint {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("not a position: " + latitude + ", " + longitude);
        }
    }
}
