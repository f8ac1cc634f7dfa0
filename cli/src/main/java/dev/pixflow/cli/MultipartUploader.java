package dev.pixflow.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A large file as an S3-style multipart upload: parts in parallel, each with a checksum, and resumed
 * after an interruption. The upload id is saved before any part is sent; a rerun asks the server which
 * parts it holds and sends only the others (a part held with another etag is sent again).
 *
 * <p>Where the server offers it ({@code direct}: its uploads are in an S3 bucket), each part goes
 * straight to the bucket by a presigned PUT with the part's SHA-256 signed in, which the bucket checks;
 * otherwise to Pixflow with its Content-MD5. The server lists the parts the bucket holds either way, so
 * resuming is the same.
 */
final class MultipartUploader {
    private static final int ATTEMPTS = 4;
    private static final String DIRECT_UNAVAILABLE = "urn:pixflow:problem:direct-uploads-unavailable";

    private final PixflowApi api;
    private final String server;
    private final ResumeStates states;
    private final int parallel;
    private final RateLimit rate;
    private final PrintStream log;

    MultipartUploader(PixflowApi api, String server, ResumeStates states, int parallel, RateLimit rate, PrintStream log) {
        this.api = api;
        this.server = server;
        this.states = states;
        this.parallel = parallel;
        this.rate = rate;
        this.log = log;
    }

    JsonNode upload(Path file, String filename, String contentType, PixflowApi.Metadata metadata) throws Exception {
        long size = Files.size(file);
        long modified = Files.getLastModifiedTime(file).toMillis();
        Optional<ResumeStates.State> saved = states.load(server, file);
        Map<Integer, JsonNode> held = new HashMap<>();
        ResumeStates.State state = null;
        // Whether parts go straight to the bucket: the start's answer says; for a resumed upload, the
        // first presign tells (a server that offers none answers 409).
        Route route = new Route();
        if (saved.isPresent() && !saved.get().resumes(size, modified, contentType, metadata)) {
            // Resuming would make the image of the old bytes, or with the old title and visibility.
            boolean fileChanged = !saved.get().sameFile(size, modified);
            Optional<String> made = fileChanged ? Optional.empty() : completedAs(saved.get().uploadId());
            if (made.isPresent()) {
                // Its complete went through but the answer was lost: a new upload would be a second image.
                log.printf("%s: the interrupted upload %s had completed, as image %s, with the options it was started with;"
                        + " change them with PATCH /v1/images/%s%n", filename, saved.get().uploadId(), made.get(), made.get());
                states.delete(server, file);
                return api.image(made.get());
            }
            log.printf("%s: %s since the interrupted upload %s; starting again%n", filename,
                    fileChanged ? "the file changed" : "the options differ", saved.get().uploadId());
            abandon(saved.get().uploadId());
            saved = Optional.empty();
        }
        if (saved.isPresent()) {
            try {
                JsonNode upload = api.describe(saved.get().uploadId());
                if ("completed".equals(upload.path("state").asText())) {
                    // An earlier run's complete went through but its answer was lost.
                    states.delete(server, file);
                    return api.image(upload.get("imageId").asText());
                }
                upload.path("parts").forEach(p -> held.put(p.get("partNumber").asInt(), p));
                state = saved.get();
                log.printf("%s: resuming upload %s, %d part(s) already on the server%n", filename, state.uploadId(), held.size());
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                log.printf("%s: the earlier upload is gone (expired or aborted); starting again%n", filename);
            }
        }
        if (state == null) {
            JsonNode started = api.startUpload(filename, contentType, size, metadata);
            route.direct = started.path("direct").asBoolean(false);
            state = new ResumeStates.State(server, file.toAbsolutePath().normalize().toString(), size, modified,
                    started.get("uploadId").asText(), started.get("partSize").asLong(), contentType, metadata);
            try {
                states.save(state, file);
            } catch (IOException e) {
                // Not resumable, so not left open on the server either; the state directory is what failed, not the file.
                abandon(state.uploadId());
                throw new Failures.Said("cannot keep the upload's state in " + states.directory() + " ("
                        + Failures.describe(e, server) + "); choose another with --state-dir", e);
            }
        }
        List<FileRange> ranges = ranges(file, size, state.partSize());
        long alreadyHeld = ranges.stream().filter(r -> sameSize(held.get(r.number()), r)).mapToLong(FileRange::length).sum();
        List<String> etags = sendParts(state.uploadId(), filename, size, ranges, held, alreadyHeld, route);
        JsonNode image = api.complete(state.uploadId(), etags);
        states.delete(server, file);
        return image;
    }

    /**
     * After the file went in one request: an upload in parts an earlier run left of it is aborted and
     * forgotten, so that a later run in parts does not resume it into a second image.
     */
    void superseded(Path file) {
        try {
            Optional<ResumeStates.State> saved = states.load(server, file);
            if (saved.isPresent()) {
                abandon(saved.get().uploadId());
                states.delete(server, file);
            }
        } catch (IOException e) {
            // Only a leftover state file: a later run finds its upload gone and starts again.
        }
    }

    /** Forgets the saved upload when the server refused the file for good, so a rerun starts afresh. */
    void forget(Path file) throws IOException {
        states.delete(server, file);
    }

    /** Whether a rerun of this file would carry on an upload this run left unfinished. */
    boolean resumable(Path file) {
        try {
            return states.load(server, file).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** The image an upload made, if it completed; nothing when it is open, gone or out of reach. */
    private Optional<String> completedAs(String uploadId) {
        try {
            JsonNode upload = api.describe(uploadId);
            return "completed".equals(upload.path("state").asText()) ? Optional.of(upload.get("imageId").asText()) : Optional.empty();
        } catch (ApiException | IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Aborts an upload no run will carry on, so its parts do not wait on the server for its expiry. */
    private void abandon(String uploadId) {
        try {
            api.abort(uploadId);
        } catch (ApiException | IOException e) {
            // Gone already, completed, or out of reach now: the server's expiry of open uploads removes it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<String> sendParts(String uploadId, String filename, long size, List<FileRange> ranges,
                                   Map<Integer, JsonNode> held, long alreadyHeld, Route route) throws Exception {
        try (TransferProgress progress = TransferProgress.start(filename, size, alreadyHeld);
             ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<String>> pending = new ArrayList<>();
            for (FileRange r : ranges) {
                pending.add(pool.submit(() -> sendPart(uploadId, r, held.get(r.number()), progress, route)));
            }
            List<String> etags = new ArrayList<>();
            try {
                for (Future<String> f : pending) {
                    etags.add(f.get());
                }
            } catch (ExecutionException e) {
                pool.shutdownNow();
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            return etags;
        }
    }

    private String sendPart(String uploadId, FileRange range, JsonNode held, TransferProgress progress, Route route)
            throws Exception {
        FileRange.Digests digests = range.digests(!Boolean.FALSE.equals(route.direct));
        String etag = FileRange.hex(digests.md5());
        if (sameSize(held, range)) {
            if (etag.equals(held.get("etag").asText())) {
                return etag;
            }
            progress.takeBack(range.length()); // counted as held, but the server's copy is of other bytes
        }
        for (int attempt = 1; ; attempt++) {
            AtomicLong sent = new AtomicLong();
            try {
                // Signed again on every attempt: a refused or expired URL is never sent twice.
                Optional<JsonNode> signed = digests.sha256() == null ? Optional.empty() : presign(uploadId, range, digests, route);
                if (signed.isPresent()) {
                    return api.putDirect(signed.get(), range.length(), () -> progress.counting(rate.wrap(range.open()), sent));
                }
                JsonNode part = api.putPart(uploadId, range.number(), range.length(), FileRange.base64(digests.md5()),
                        () -> progress.counting(rate.wrap(range.open()), sent));
                return part.get("etag").asText();
            } catch (IOException | ApiException e) {
                progress.takeBack(sent.getAndSet(0));
                // A 429 that reaches here was waited out in PixflowApi as long as it is worth waiting.
                if (attempt == ATTEMPTS || (e instanceof ApiException refused && (!refused.retryable() || refused.status() == 429))) {
                    throw e;
                }
                Thread.sleep(500L << attempt); // back off before retrying a flaky link or a busy server
            }
        }
    }

    /** A presigned PUT of the part, or none where the server sends parts through itself. */
    private Optional<JsonNode> presign(String uploadId, FileRange range, FileRange.Digests digests, Route route)
            throws IOException, InterruptedException {
        if (Boolean.FALSE.equals(route.direct)) {
            return Optional.empty();
        }
        try {
            JsonNode signed = api.presignPart(uploadId, range.number(), range.length(), FileRange.base64(digests.sha256()));
            route.direct = true;
            return Optional.of(signed);
        } catch (ApiException e) {
            if (e.status() == 409 && DIRECT_UNAVAILABLE.equals(e.type())) {
                route.direct = false;
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Where one upload's parts go: {@code direct} true (the bucket), false (Pixflow) or null (not known yet). */
    private static final class Route {
        volatile Boolean direct;
    }

    private static boolean sameSize(JsonNode held, FileRange r) {
        return held != null && held.path("size").asLong() == r.length();
    }

    static List<FileRange> ranges(Path file, long size, long partSize) {
        List<FileRange> ranges = new ArrayList<>();
        int n = 1;
        for (long off = 0; off < size; off += partSize) {
            ranges.add(new FileRange(file, n++, off, Math.min(partSize, size - off)));
        }
        return ranges;
    }
}
