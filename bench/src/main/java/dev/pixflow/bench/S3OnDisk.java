package dev.pixflow.bench;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The S3-compatible server of the upload benchmark: s3proxy in this JVM on its filesystem store (objects
 * are files, as on a real server's disks), checking AWS signatures, on a free loopback port.
 */
final class S3OnDisk implements AutoCloseable {
    static final String ACCESS_KEY = "pixflow-bench";
    static final String SECRET_KEY = "pixflow-bench-secret";
    static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStore store;

    private S3OnDisk(S3Proxy proxy, BlobStore store) {
        this.proxy = proxy;
        this.store = store;
    }

    static S3OnDisk start(Path directory) throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.identity", ACCESS_KEY);
        props.setProperty("jclouds.credential", SECRET_KEY);
        props.setProperty("jclouds.filesystem.basedir", directory.toString());
        BlobStore store = BlobStores.create("filesystem-nio2", props);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The SDK's multipart upload sends x-amz-mp-object-size, which AWS knows and s3proxy does not.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        return new S3OnDisk(proxy, store);
    }

    void createBucket(String name) {
        store.createContainer(name);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
