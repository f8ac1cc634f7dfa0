package dev.pixflow.bench;

/** What the worker benchmark's pipeline figures mean, written under them. */
final class WorkerBenchNotes {
    private WorkerBenchNotes() {
    }

    static final String PIPELINE = """

            ### The pipeline against sharp: what is left

            - **Rendering costs about what sharp's does.** The server's render threads (its worker threads
              and libvips' own) use within about a tenth of the CPU that sharp's whole process uses for the
              same three variants of the same files (the CPU table above), and that includes the worker
              threads' own storing and recording; the engine's single-thread figures (`./pixflow bench
              engine`, work B) say the same of the render alone.
            - **The rest is the service around it**, which sharp, reading files from disk, does not do:
              receiving each upload over HTTP, spooling and hashing it (SHA-256, the originals are
              content addressed), reading its header and checking it, storing it and committing its
              record and job; then per job the lease, three stored and recorded renditions, the status
              and the acknowledgement, each a SQLite commit (`synchronous=FULL`) and each stored file
              fsync'd; the events those commits append wake the event relays and the webhook
              dispatcher. The benchmark's own client runs on the same two cores too.
            - **Work no longer done twice.** The upload check of a JPEG is a walk over its marker
              segments (`JpegStructure`: truncation and every fatal libjpeg error after the header,
              without decoding a pixel) instead of a full decode; other formats, and a JPEG the walk is
              unsure of, are still decoded. On the 20 MP photo above the check takes 2 ms where the
              decode took 74 ms (measured on this machine, one thread). The worker is woken by the
              commit of a job in its own process, so no job waits for the queue's poll interval.
            - **Two renders per core, on both sides.** A render hands its work between its own thread and
              libvips' (and the encoder's), and with one render per core the cores idle at those
              hand-offs; so the server runs two worker threads per core by default (ARCHITECTURE.md,
              Memory budget), and sharp here gets as many files at a time. Both finish a batch sooner so
              than with one per core; sharp gains a little more, as Pixflow's uploads already fill some
              of the idle time.
            - **JIT.** Even after the warm-up rounds the server's JIT compilers still take a share (the
              table). It falls as the server keeps running: in a run of ten batches after the same warm-up
              it went from about 0.75 to 0.2 CPU seconds a batch, with Pixflow's batch from 3.6 s to 3.0 s.
            """;
}
