package dev.pixflow.adapter.blob.s3;

import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.PartStore.Assembled;
import dev.pixflow.core.port.PartStore.DirectRequest;
import dev.pixflow.core.port.PartStore.WrittenPart;
import dev.pixflow.testing.servers.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Multipart uploads as S3's own, on a real S3-compatible server that checks signatures (s3proxy): parts
 * streamed through Pixflow, parts and whole objects sent straight to the bucket with presigned requests
 * (plain HTTP PUTs, as a browser makes them), the bucket's list as the truth, and the refusals a
 * presigned request must meet: another part number, another length, other bytes, an expired one.
 */
class S3PartStoreTest {
    private static final int MIB = 1024 * 1024;
    private static S3Server server;
    private static S3AsyncClient admin;

    private S3Settings settings;
    private S3PartStore store;
    private MultipartUpload upload;

    @BeforeAll
    static void startServer() {
        server = S3Server.start();
        admin = S3Clients.create(settings());
    }

    @AfterAll
    static void stopServer() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void open() throws Exception {
        settings = settings();
        admin.createBucket(b -> b.bucket(settings.originalsBucket())).join();
        store = new S3PartStore(S3Clients.createForParts(settings), S3Clients.presigner(settings, Optional.empty()), settings, true);
        UploadId id = UploadId.of(UUID.randomUUID());
        Optional<String> storageId = store.begin(id, Optional.of("image/png"));
        assertThat(storageId).as("an S3 multipart upload").isPresent();
        upload = new MultipartUpload(id, "ana", "big.png", Optional.of("image/png"), OptionalLong.empty(), ImageMetadata.empty(),
                5L * MIB, UploadState.OPEN, Optional.empty(), Instant.now(), Instant.now().plusSeconds(3600), storageId,
                Optional.empty());
    }

    @Test
    void partsStreamedThroughPixflowArePutTogetherByTheBucket() throws Exception {
        byte[] first = random(5 * MIB, 1);
        byte[] second = random(123_456, 2);
        WrittenPart a = store.write(upload, 1, new ByteArrayInputStream(first), OptionalLong.of(first.length), 6L * MIB,
                Optional.of(sha256(first)));
        WrittenPart b = store.write(upload, 2, new ByteArrayInputStream(second), OptionalLong.of(second.length), 6L * MIB,
                Optional.empty());
        assertThat(a.etag()).isEqualTo(md5Hex(first));
        assertThat(b.etag()).isEqualTo(md5Hex(second));

        List<UploadedPart> held = store.heldParts(upload).orElseThrow();
        assertThat(held).extracting(UploadedPart::number, UploadedPart::etag, UploadedPart::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, a.etag(), (long) first.length),
                        org.assertj.core.groups.Tuple.tuple(2, b.etag(), (long) second.length));

        assertThat(store.holdsObject(upload)).isFalse();
        Assembled assembled = store.assemble(upload, held).orElseThrow();
        try (InputStream object = assembled.object()) {
            assertThat(object.readAllBytes()).isEqualTo(concat(first, second));
        }
        assertThat(assembled.sentWhole()).isFalse();
        // A completion taken over after the bucket put the parts together finds the object whole, the parts
        // no longer held as parts, and reads the same object again.
        assertThat(store.holdsObject(upload)).isTrue();
        assertThat(store.heldParts(upload).orElseThrow()).isEmpty();
        try (InputStream again = store.assemble(upload, List.of()).orElseThrow().object()) {
            assertThat(again.readAllBytes()).isEqualTo(concat(first, second));
        }

        store.deleteAll(upload);
        assertThat(store.assemble(upload, List.of())).as("the object is deleted").isEmpty();
    }

    @Test
    void aPartWithoutItsLengthOrWithAnotherChecksumIsRefused() {
        byte[] part = random(1000, 3);
        assertThatThrownBy(() -> store.write(upload, 1, new ByteArrayInputStream(part), OptionalLong.empty(), MIB, Optional.empty()))
                .isInstanceOfSatisfying(MultipartRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MultipartRejectedException.Reason.LENGTH_REQUIRED));
        assertThatThrownBy(() -> store.write(upload, 1, new ByteArrayInputStream(part), OptionalLong.of(part.length), MIB,
                Optional.of(sha256(random(1000, 4)))))
                .isInstanceOfSatisfying(MultipartRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MultipartRejectedException.Reason.CHECKSUM_MISMATCH));
    }

    @Test
    void aPresignedPartIsPutStraightToTheBucketAndListed() throws Exception {
        byte[] part = random(64 * 1024, 5);
        DirectRequest signed = store.presignPart(upload, 1, part.length, Optional.of(sha256(part)), Duration.ofMinutes(15));
        assertThat(signed.method()).isEqualTo("PUT");
        assertThat(signed.headers()).containsKey("x-amz-checksum-sha256").doesNotContainKeys("host", "Host", "content-length");

        HttpResponse<String> put = put(signed.url(), signed, part);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).contains("\"" + md5Hex(part) + "\"");
        assertThat(store.heldParts(upload).orElseThrow()).extracting(UploadedPart::number, UploadedPart::etag)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, md5Hex(part)));
    }

    @Test
    void aPresignedPartRefusesAnotherPartNumberLengthOrBytes() throws Exception {
        byte[] part = random(64 * 1024, 6);
        DirectRequest signed = store.presignPart(upload, 1, part.length, Optional.of(sha256(part)), Duration.ofMinutes(15));

        URI otherNumber = URI.create(signed.url().toString().replace("partNumber=1", "partNumber=2"));
        assertThat(put(otherNumber, signed, part).statusCode()).as("another part number").isEqualTo(403);
        assertThat(put(signed.url(), signed, Arrays.copyOf(part, part.length + 1)).statusCode()).as("another length").isEqualTo(403);
        byte[] other = random(part.length, 7);
        assertThat(put(signed.url(), signed, other).statusCode()).as("other bytes, same length").isIn(400, 403);
        assertThat(store.heldParts(upload).orElseThrow()).as("nothing refused was kept").isEmpty();
    }

    @Test
    void anExpiredPresignedPartIsRefused() throws Exception {
        byte[] part = random(1024, 8);
        DirectRequest signed = store.presignPart(upload, 1, part.length, Optional.of(sha256(part)), Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> put(signed.url(), signed, part).statusCode() == 403);
        assertThat(put(signed.url(), signed, part).body()).contains("expired");
    }

    @Test
    void anObjectSentWholeIsTakenAsItIs() throws Exception {
        byte[] object = random(200_000, 9);
        DirectRequest signed = store.presignObject(upload, object.length, "image/png", Optional.of(sha256(object)),
                Duration.ofMinutes(15));
        assertThat(signed.headers()).containsEntry("content-type", "image/png");

        assertThat(put(signed.url(), signed, object).statusCode()).isEqualTo(200);

        Assembled sent = store.assemble(upload, List.of()).orElseThrow();
        assertThat(sent.sentWhole()).isTrue();
        try (InputStream in = sent.object()) {
            assertThat(in.readAllBytes()).isEqualTo(object);
        }
    }

    @Test
    void nothingSentWholeAndNoPartsListedIsNothingToComplete() throws Exception {
        assertThat(store.assemble(upload, List.of())).isEmpty();
    }

    private static S3Settings settings() {
        String bucket = "uploads-" + UUID.randomUUID();
        return new S3Settings(bucket, bucket, S3Server.REGION, Optional.of(server.endpoint()), true, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(S3Server.ACCESS_KEY), Optional.of(S3Server.SECRET_KEY),
                Path.of("unused"), 16L * MIB, 8L * MIB);
    }

    /**
     * Each PUT on a connection of its own, as separate browser uploads would be, asking before it sends
     * its body ({@code Expect: 100-continue}). The test server (s3proxy on Jetty) still says "continue" as
     * soon as it opens the body, so a PUT it refuses unread can see the connection reset under the answer
     * when the server closes with the body unread; the JDK client reports that as "received no bytes".
     * Browsers' upload libraries retry a part whose connection failed, and so does this: the status it
     * returns is always the server's.
     */
    private static HttpResponse<String> put(URI url, DirectRequest signed, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach(request::header);
        IOException lost = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try (HttpClient http = HttpClient.newHttpClient()) {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!droppedBeforeAnswer(e)) {
                    throw e;
                }
                if (lost != null) {
                    e.addSuppressed(lost);
                }
                lost = e;
            }
        }
        throw lost;
    }

    /** The symptom above: the connection ended (closed or reset) before any byte of an answer came. */
    private static boolean droppedBeforeAnswer(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("received no bytes") || message.contains("Connection reset")
                    || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static PartChecksum sha256(byte[] b) throws Exception {
        return new PartChecksum(PartChecksum.Algorithm.SHA256, MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static String md5Hex(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }
}
