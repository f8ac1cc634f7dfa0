package dev.pixflow.testing.servers;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An S3-compatible server in this JVM: s3proxy on an in-memory store, verifying AWS signatures with
 * a fixed key pair, on a free loopback port. Path-style addressing, as for any S3-compatible server.
 * Optionally it answers browsers of some origins (CORS), as a bucket with a CORS rule does.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "pixflow-test";
    public static final String SECRET_KEY = "pixflow-test-secret";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStore store;

    private S3Server(S3Proxy proxy, BlobStore store) {
        this.proxy = proxy;
        this.store = store;
    }

    /** Without CORS: a browser on another origin cannot use it. */
    public static S3Server start() {
        return start(CrossOriginResourceSharing.disabled());
    }

    /**
     * With CORS for pages of these origins, as S3's bucket CORS rule {@code AllowedOrigins} writes them:
     * exact ({@code http://localhost:8080}) or with one {@code *} standing for anything
     * ({@code http://localhost:*}). Allowed: GET, HEAD, PUT and POST with any request header; exposed:
     * {@code ETag}, which a browser sending parts straight to the bucket must read. s3proxy takes its
     * CORS rule when it starts (it has no PutBucketCors), so it is one rule for every bucket.
     */
    public static S3Server startWithCors(String... origins) {
        if (origins.length == 0) {
            throw new IllegalArgumentException("name at least one origin");
        }
        List<String> patterns = Arrays.stream(origins).map(S3Server::originPattern).toList();
        return start(new CrossOriginResourceSharing(patterns, List.of("GET", "HEAD", "PUT", "POST"), List.of("*"),
                List.of("ETag"), ""));
    }

    private static S3Server start(CrossOriginResourceSharing cors) {
        Properties props = new Properties();
        props.setProperty("jclouds.identity", ACCESS_KEY);
        props.setProperty("jclouds.credential", SECRET_KEY);
        BlobStore store = BlobStores.create("transient-nio2", props);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The SDK's multipart upload sends x-amz-mp-object-size, which AWS knows and s3proxy does not.
                .ignoreUnknownHeaders(true)
                .corsRules(cors)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        return new S3Server(proxy, store);
    }

    /** s3proxy matches origins as regular expressions: quote the origin, and let {@code *} match anything. */
    static String originPattern(String origin) {
        if (origin.equals("*")) {
            return "*";
        }
        if (origin.chars().filter(c -> c == '*').count() > 1) {
            throw new IllegalArgumentException("at most one * in an origin, as on S3: " + origin);
        }
        return Arrays.stream(origin.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    }

    /** Makes a bucket, as CreateBucket would (for a test with no S3 client at hand). */
    public void createBucket(String name) {
        store.createContainer(name);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        }
    }
}
