package dev.pixflow.engine.vips.source;

import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.GeoPoint;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EXIF fields Pixflow keeps, read from libvips' header strings. libvips shows each EXIF entry as
 * a string field {@code exif-ifdN-Name} holding {@code "raw (readable, Type, n components, m bytes)"},
 * e.g. {@code "56/10 (f/5.6, Rational, 1 components, 8 bytes)"}; the raw part is what is parsed here,
 * since the readable one depends on libexif's locale and version. A field that does not parse is left
 * out rather than failing the upload: EXIF is often written badly.
 */
final class ExifFields {
    private static final Pattern SUFFIX = Pattern.compile(", [A-Za-z]+, \\d+ components?, \\d+ bytes?\\)$");
    private static final Pattern RATIONAL = Pattern.compile("(-?\\d+)/(\\d+)");
    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");
    private static final Pattern OFFSET = Pattern.compile("[+-]\\d{2}:\\d{2}");

    private ExifFields() {
    }

    /** {@code field} gives a header string field by name, empty when the image has none. */
    static Exif read(Function<String, Optional<String>> field) {
        Function<String, Optional<String>> raw = name -> field.apply(name).flatMap(ExifFields::rawPart);
        return new Exif(
                raw.apply("exif-ifd0-Make").map(ExifFields::text).orElse(null),
                raw.apply("exif-ifd0-Model").map(ExifFields::text).orElse(null),
                raw.apply("exif-ifd2-LensModel").map(ExifFields::text).orElse(null),
                takenAt(raw).orElse(null),
                raw.apply("exif-ifd2-ExposureTime").flatMap(ExifFields::exposure).orElse(null),
                raw.apply("exif-ifd2-FNumber").flatMap(ExifFields::rational).filter(f -> f > 0).orElse(null),
                raw.apply("exif-ifd2-ISOSpeedRatings").flatMap(ExifFields::firstInteger).filter(i -> i > 0).orElse(null),
                raw.apply("exif-ifd2-FocalLength").flatMap(ExifFields::rational).filter(f -> f > 0).orElse(null),
                gps(raw).orElse(null));
    }

    /** The raw part of {@code "raw (readable, Type, n components, m bytes)"}. */
    static Optional<String> rawPart(String value) {
        Matcher suffix = SUFFIX.matcher(value);
        if (!suffix.find()) {
            return Optional.of(value.strip());
        }
        String body = value.substring(0, suffix.start());
        // body is "raw (readable"; the readable part may itself hold " (", so take the split where the
        // readable part repeats the raw one (ASCII), or else the first one (numbers never hold brackets).
        int split = -1;
        for (int i = body.indexOf(" ("); i >= 0; i = body.indexOf(" (", i + 1)) {
            if (split < 0) {
                split = i;
            }
            if (body.substring(i + 2).equals(body.substring(0, i))) {
                split = i;
                break;
            }
        }
        return split < 0 ? Optional.empty() : Optional.of(body.substring(0, split).strip());
    }

    private static String text(String raw) {
        String t = raw.replace("\u0000", "").strip();
        return t.isEmpty() ? null : t.length() > 200 ? t.substring(0, 200) : t;
    }

    static Optional<Double> rational(String raw) {
        Matcher m = RATIONAL.matcher(raw);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        long num = Long.parseLong(m.group(1));
        long den = Long.parseLong(m.group(2));
        return den == 0 ? Optional.empty() : Optional.of(round((double) num / den, 4));
    }

    /** 1/200 stays 1/200; 70001/1000000 becomes 1/14; 25/10 becomes 2.5: how a camera would show it. */
    static Optional<String> exposure(String raw) {
        Optional<Double> seconds = rational(raw);
        if (seconds.isEmpty() || seconds.get() <= 0) {
            return Optional.empty();
        }
        double s = seconds.get();
        if (s >= 0.3) {
            return Optional.of(BigDecimal.valueOf(s).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
        }
        return Optional.of("1/" + Math.round(1 / s));
    }

    private static Optional<Integer> firstInteger(String raw) {
        String first = raw.split("\\s+")[0];
        try {
            return Optional.of(Integer.parseInt(first));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> takenAt(Function<String, Optional<String>> raw) {
        Optional<String> when = raw.apply("exif-ifd2-DateTimeOriginal").or(() -> raw.apply("exif-ifd2-DateTimeDigitized"));
        if (when.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.parse(when.get().strip(), EXIF_TIME);
            ZoneOffset offset = raw.apply("exif-ifd2-OffsetTimeOriginal").map(String::strip)
                    .filter(o -> OFFSET.matcher(o).matches()).map(ZoneOffset::of).orElse(ZoneOffset.UTC);
            return Optional.of(local.toInstant(offset));
        } catch (DateTimeParseException e) {
            // "0000:00:00 00:00:00" and friends: cameras without a set clock.
            return Optional.empty();
        }
    }

    private static Optional<GeoPoint> gps(Function<String, Optional<String>> raw) {
        Optional<Double> lat = raw.apply("exif-ifd3-GPSLatitude").flatMap(ExifFields::degrees);
        Optional<Double> lon = raw.apply("exif-ifd3-GPSLongitude").flatMap(ExifFields::degrees);
        if (lat.isEmpty() || lon.isEmpty()) {
            return Optional.empty();
        }
        boolean south = raw.apply("exif-ifd3-GPSLatitudeRef").map(r -> r.strip().startsWith("S")).orElse(false);
        boolean west = raw.apply("exif-ifd3-GPSLongitudeRef").map(r -> r.strip().startsWith("W")).orElse(false);
        double la = round(south ? -lat.get() : lat.get(), 7);
        double lo = round(west ? -lon.get() : lon.get(), 7);
        if (Math.abs(la) > 90 || Math.abs(lo) > 180) {
            return Optional.empty();
        }
        return Optional.of(new GeoPoint(la, lo));
    }

    /** "36/1 358465/10000 0/1": degrees, minutes, seconds. */
    static Optional<Double> degrees(String raw) {
        Matcher m = RATIONAL.matcher(raw);
        double total = 0;
        double scale = 1;
        int parts = 0;
        while (m.find() && parts < 3) {
            long den = Long.parseLong(m.group(2));
            if (den == 0) {
                return Optional.empty();
            }
            total += (double) Long.parseLong(m.group(1)) / den / scale;
            scale *= 60;
            parts++;
        }
        return parts == 0 ? Optional.empty() : Optional.of(total);
    }

    private static double round(double v, int places) {
        return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
