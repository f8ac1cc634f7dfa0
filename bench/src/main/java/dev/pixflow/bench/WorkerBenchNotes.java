package dev.pixflow.bench;

/** What the worker benchmark's pipeline figures mean, written under them. */
final class WorkerBenchNotes {
    private WorkerBenchNotes() {
    }

    static final String PIPELINE = """

            ### The pipeline against sharp: what is left

            - **Rendering costs a little more than sharp's.** The server's render threads (its worker
              threads and libvips' own) use somewhat more CPU than sharp's whole process for the same
              three variants of the same files (the CPU table above), and that includes the worker
              threads' own storing and recording of each rendition. The render alone, one at a time, is
              within a few percent of sharp's speed (`./pixflow bench engine`, work B); with several at
              once in one process the engine spends a few percent more CPU an image than sharp (its
              table of several renders at once).
            - **The rest is the service around it**, which sharp, reading files from disk, does not do:
              receiving each upload over HTTP, spooling and hashing it (SHA-256, the originals are
              content addressed), reading its header and checking it, storing it and committing its
              record and job; then per job the lease, the three renditions stored (each file fsync'd)
              and recorded together, the status and the acknowledgement, each a SQLite commit
              (`synchronous=FULL`). The events those commits append wake the webhook dispatcher only while a hook
              exists (none here; when they woke it anyway, it took about 0.13 CPU seconds a batch).
              The benchmark's own clients run on the same two cores too (their row in the CPU table);
              the cores left idle are about as many on both sides.
            - **One new file per object stored.** Storing a rendition once made a placeholder temp file
              that the move then replaced: an inode made and freed per rendition. On ext4 without a
              journal, as on the machine measured here, every later file creation scans past the inodes
              freed in the last minute, and with three renditions an image that scan took about 6% of
              the server's CPU in a profile of this pipeline (1.4% after, what is left coming from the
              duplicate originals this benchmark uploads). The staged name is now only a name.
            - **Work no longer done twice.** The upload check of a JPEG is a walk over its marker
              segments (`JpegStructure`: truncation and every fatal libjpeg error after the header,
              without decoding a pixel) instead of a full decode; other formats, and a JPEG the walk is
              unsure of, are still decoded. On the 20 MP photo above the check takes 2 ms where the
              decode took 74 ms (measured on this machine, one thread). The worker is woken by the
              commit of a job in its own process, so no job waits for the queue's poll interval.
            - **Two renders per core, on both sides.** The server runs two worker threads per core, its
              default (ARCHITECTURE.md, Memory budget, says why), and sharp here renders as many files at
              a time, on as many of libuv's threads.
            - **JIT.** Before the timed rounds the server renders batches for at least a minute, and then
              until its JIT compilers have settled (above): after a minute they still took about 0.12
              CPU seconds a batch, a few percent of the server's CPU, which a server running for long
              no longer spends. The CPU table shows what is left.
            """;
}
