package dev.pixflow.bench;

import dev.pixflow.core.domain.BlobKey;
import dev.pixflow.core.domain.Exif;
import dev.pixflow.core.domain.GeoPoint;
import dev.pixflow.core.media.ImageFormat;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.ImageStatus;
import dev.pixflow.core.domain.Visibility;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The catalogue the search benchmark runs over: records only (no image bytes), made from a fixed seed
 * so every run and both stores get the same ones. Words follow a Zipf law over a photo vocabulary, as
 * words in real titles do, so some queries match thousands of records and some a handful.
 */
final class SearchWorkload {
    static final String OWNER = "bench";
    static final String[] WORDS = ("""
            harbour boat boats sea beach sunset sunrise dusk dawn mountain mountains lake river forest tree trees
            city street night bridge tower castle church market garden flower flowers rose tulip field meadow snow
            winter summer spring autumn leaves rain storm cloud clouds sky star stars moon light shadow portrait
            family friends wedding birthday party dinner lunch breakfast coffee cake dog dogs cat cats horse bird
            birds eagle gull gulls heron duck fish whale dolphin island coast cliff cliffs rock rocks cave desert
            dune valley hill hills path trail road car train station airport plane ship ferry lighthouse pier
            harbourside village town square museum gallery statue fountain park playground school office kitchen
            window door roof wall stairs tunnel canal boatyard fisherman sailor surfer climber runner cyclist
            skier hiker children child baby mother father grandmother holiday trip journey festival concert
            stage crowd game match football tennis swimming running walking skiing sailing fishing camping
            picnic barbecue fireworks lantern candle fire smoke mist fog ice frost glacier volcano waterfall
            stream pond reflection silhouette panorama closeup macro black white colour golden blue green red
            yellow orange purple pink grey old new small tall wide empty busy quiet early late morning evening
            afternoon midnight weekend january february march april may june july august september october
            november december""").strip().split("\\s+");
    static final String[] TAGS = buildTags();
    static final String[] MAKES = {"Canon", "Nikon", "Sony", "Fujifilm", "Apple", "Google", "Samsung", "Olympus"};
    static final String[] MODELS = {"EOS R5", "Z6 II", "A7 IV", "X-T5", "iPhone 15", "Pixel 8", "Galaxy S24", "OM-1"};

    private final Random random;
    private final double[] zipf;
    private final Instant start = Instant.parse("2024-01-01T00:00:00Z");

    SearchWorkload(long seed) {
        this.random = new Random(seed);
        this.zipf = zipf(WORDS.length, 1.0);
    }

    private static String[] buildTags() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tags.add(WORDS[(i * 7) % WORDS.length] + (i < WORDS.length / 7 ? "" : "-" + (i / 30)));
        }
        return tags.stream().distinct().toArray(String[]::new);
    }

    private static double[] zipf(int n, double s) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    String word() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = zipf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (zipf[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return WORDS[lo];
    }

    private String words(int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(word());
        }
        return out.toString();
    }

    /** Record {@code n} of the catalogue, spread over two years, one a few minutes after the other. */
    ImageRecord record(int n) {
        ImageId id = ImageId.of(new UUID(0x0190a00000007000L | ((long) n << 20), 0x8000000000000000L | n));
        Instant at = start.plus(Duration.ofMinutes(10L * n)).plusMillis(random.nextInt(600_000));
        List<String> tags = new ArrayList<>();
        int tagCount = 1 + random.nextInt(4);
        for (int i = 0; i < tagCount; i++) {
            tags.add(TAGS[Math.min(TAGS.length - 1, (int) Math.floor(Math.pow(random.nextDouble(), 2) * TAGS.length))]);
        }
        boolean portrait = random.nextInt(3) == 0;
        int w = 1000 + random.nextInt(5000);
        int h = portrait ? (int) (w * 1.5) : (int) (w / 1.5);
        int camera = random.nextInt(MAKES.length);
        Exif exif = new Exif(MAKES[camera], MODELS[camera], null, at.minus(Duration.ofHours(random.nextInt(48))), "1/250",
                2.8, 200, 35.0, random.nextInt(4) == 0 ? new GeoPoint(40 + random.nextDouble() * 20, random.nextDouble() * 30) : null);
        String sha = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putLong(n).putLong(random.nextLong())
                .putLong(random.nextLong()).putLong(random.nextLong()).array());
        String title = capitalised(words(2, 5));
        String description = random.nextInt(3) == 0 ? null : capitalised(words(6, 18)) + ".";
        return new ImageRecord(id, OWNER, ImageStatus.READY, "IMG_%05d.JPG".formatted(n), random.nextInt(10) == 0
                ? ImageFormat.PNG : ImageFormat.JPEG, 2_000_000 + random.nextInt(8_000_000), w, h, false, sha,
                BlobKey.content(sha), new ImageMetadata(title, description, tags, Visibility.PUBLIC, null), at, at, Map.of(),
                List.of(), exif, java.util.Optional.empty());
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A word for a query: from the middle of the distribution, so it matches hundreds to thousands of records. */
    String queryWord() {
        return WORDS[5 + random.nextInt(60)];
    }

    String queryTag() {
        return TAGS[random.nextInt(40)];
    }
}
