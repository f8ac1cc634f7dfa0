package dev.pixflow.adapter.blob.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Files read one after another as one stream. Each is opened only when the reader reaches it, so an
 * upload of 10,000 parts never holds 10,000 open files.
 */
final class ConcatenatedFiles extends InputStream {
    private final Iterator<Path> files;
    private InputStream current;

    ConcatenatedFiles(List<Path> files) {
        this.files = files.iterator();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (current == null) {
                if (!files.hasNext()) {
                    return -1;
                }
                current = Files.newInputStream(files.next());
            }
            int n = current.read(b, off, len);
            if (n != -1) {
                return n;
            }
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
