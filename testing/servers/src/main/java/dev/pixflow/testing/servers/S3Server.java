package dev.pixflow.testing.servers;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import java.net.URI;
import java.util.Properties;

/**
 * An S3-compatible server in this JVM: s3proxy on an in-memory store, verifying AWS signatures with
 * a fixed key pair, on a free loopback port. Path-style addressing, as for any S3-compatible server.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "pixflow-test";
    public static final String SECRET_KEY = "pixflow-test-secret";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;

    private S3Server(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static S3Server start() {
        Properties props = new Properties();
        props.setProperty("jclouds.identity", ACCESS_KEY);
        props.setProperty("jclouds.credential", SECRET_KEY);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient-nio2", props))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The SDK's multipart upload sends x-amz-mp-object-size, which AWS knows and s3proxy does not.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        return new S3Server(proxy);
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
