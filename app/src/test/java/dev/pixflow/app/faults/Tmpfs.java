package dev.pixflow.app.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** A size-limited file system for the disk-full test: a tmpfs mount, which needs root. */
final class Tmpfs {
    private Tmpfs() {
    }

    static boolean mount(Path dir, String size) {
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void unmount(Path dir) throws Exception {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor();
    }

    /** Writes zeros until the file system says it is full, leaving a few KiB for metadata. */
    static void fill(Path filler, Path mount) throws IOException {
        FileStore store = Files.getFileStore(mount);
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (store.getUsableSpace() > block.length * 2L) {
                out.write(block);
            }
        } catch (IOException full) {
            // Full before the estimate said so: what was asked for.
        }
    }
}
