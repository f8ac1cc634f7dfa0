package dev.pixflow.adapter.blob.fs;

import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.MultipartRejectedException;
import dev.pixflow.core.domain.MultipartUpload;
import dev.pixflow.core.domain.PartChecksum;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.domain.UploadId;
import dev.pixflow.core.domain.UploadState;
import dev.pixflow.core.domain.UploadedPart;
import dev.pixflow.core.port.PartStore.WrittenPart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSystemPartStoreTest {
    @TempDir
    Path root;
    private FileSystemPartStore store;
    private final MultipartUpload upload = new MultipartUpload(UploadId.of(UUID.randomUUID()), "anonymous", "big.jpg",
            Optional.of("image/jpeg"), OptionalLong.empty(), ImageMetadata.empty(), 8 << 20, UploadState.OPEN, Optional.empty(),
            Instant.EPOCH, Instant.EPOCH.plusSeconds(3600), Optional.empty(), Optional.empty());

    @BeforeEach
    void open() throws Exception {
        store = new FileSystemPartStore(root);
    }

    @Test
    void theEtagIsTheMd5OfThePartAndEachWriteGetsItsOwnLocation() throws Exception {
        byte[] bytes = "part one".getBytes(StandardCharsets.UTF_8);
        WrittenPart first = store.write(upload, 1, new ByteArrayInputStream(bytes), OptionalLong.empty(), 100, Optional.empty());
        WrittenPart again = store.write(upload, 1, new ByteArrayInputStream(bytes), OptionalLong.empty(), 100, Optional.empty());
        assertThat(first.etag()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
        assertThat(first.size()).isEqualTo(bytes.length);
        assertThat(again.location()).isNotEqualTo(first.location());
        assertThat(files()).hasSize(2);
    }

    @Test
    void aChecksumMismatchKeepsNothing() {
        byte[] sent = "the real bytes".getBytes(StandardCharsets.UTF_8);
        PartChecksum otherMd5 = PartChecksum.parse(PartChecksum.Algorithm.MD5,
                Base64.getEncoder().encodeToString(md5("other bytes".getBytes(StandardCharsets.UTF_8))), "Content-MD5");
        assertThatThrownBy(() -> store.write(upload, 1, new ByteArrayInputStream(sent), OptionalLong.empty(), 100, Optional.of(otherMd5)))
                .isInstanceOf(MultipartRejectedException.class);
        assertThat(files()).isEmpty();
    }

    @Test
    void aMatchingSha256IsAccepted() throws Exception {
        byte[] sent = "the real bytes".getBytes(StandardCharsets.UTF_8);
        PartChecksum sha = PartChecksum.parse(PartChecksum.Algorithm.SHA256,
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(sent)), "x-checksum-sha256");
        assertThat(store.write(upload, 1, new ByteArrayInputStream(sent), OptionalLong.empty(), 100, Optional.of(sha)).size()).isEqualTo(sent.length);
    }

    @Test
    void aPartOverItsLimitIsCutOffAndNotKept() {
        assertThatThrownBy(() -> store.write(upload, 1, new ByteArrayInputStream(new byte[101]), OptionalLong.empty(), 100, Optional.empty()))
                .isInstanceOf(RejectedImageException.class)
                .extracting(e -> ((RejectedImageException) e).reason()).isEqualTo(RejectedImageException.Reason.TOO_LARGE);
        assertThat(files()).isEmpty();
    }

    @Test
    void assemblesThePartsInTheGivenOrder() throws Exception {
        WrittenPart b = store.write(upload, 2, new ByteArrayInputStream("BBB".getBytes()), OptionalLong.empty(), 100, Optional.empty());
        WrittenPart a = store.write(upload, 1, new ByteArrayInputStream("AA".getBytes()), OptionalLong.empty(), 100, Optional.empty());
        WrittenPart c = store.write(upload, 3, new ByteArrayInputStream("C".getBytes()), OptionalLong.empty(), 100, Optional.empty());
        assertThat(store.assemble(upload, List.of())).as("nothing sent whole to the disk").isEmpty();
        try (InputStream in = store.assemble(upload, List.of(part(1, a), part(2, b), part(3, c))).orElseThrow().object()) {
            assertThat(new String(in.readAllBytes())).isEqualTo("AABBBC");
        }
    }

    @Test
    void deleteAllIsIdempotentAndLeavesNoDirectory() throws Exception {
        store.write(upload, 1, new ByteArrayInputStream("x".getBytes()), OptionalLong.empty(), 100, Optional.empty());
        store.deleteAll(upload);
        store.deleteAll(upload);
        assertThat(root.resolve(upload.id().value())).doesNotExist();
    }

    private static UploadedPart part(int n, WrittenPart w) {
        return new UploadedPart(n, w.etag(), w.size(), w.location(), Instant.now());
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
