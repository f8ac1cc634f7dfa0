package dev.pixflow.app.web;

import dev.pixflow.core.usecase.DeliverImage;
import dev.pixflow.core.usecase.Delivery;
import org.springframework.core.io.AbstractResource;

import java.io.IOException;
import java.io.InputStream;

/**
 * A blob in a remote store (S3) as a Spring Resource that Range requests work on. Spring serves a range
 * by skipping to its start: the stream here opens the object only at the first read, so a skip before
 * it becomes the offset of a ranged GET rather than bytes downloaded and thrown away.
 */
final class BlobResource extends AbstractResource {
    private final DeliverImage deliver;
    private final Delivery delivery;

    BlobResource(DeliverImage deliver, Delivery delivery) {
        this.deliver = deliver;
        this.delivery = delivery;
    }

    @Override
    public String getDescription() {
        return "blob " + delivery.blob().key();
    }

    @Override
    public long contentLength() {
        return delivery.blob().size();
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public InputStream getInputStream() {
        return new OpenOnFirstRead();
    }

    private final class OpenOnFirstRead extends InputStream {
        private long offset;
        private InputStream in;

        private InputStream in() throws IOException {
            if (in == null) {
                in = deliver.open(delivery, offset);
            }
            return in;
        }

        @Override
        public long skip(long n) throws IOException {
            if (in != null) {
                return in.skip(n);
            }
            long skipped = Math.max(0, Math.min(n, contentLength() - offset));
            offset += skipped;
            return skipped;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
