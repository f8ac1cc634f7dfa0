package dev.pixflow.app.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.adapter.blob.s3.S3ObjectReader;
import dev.pixflow.app.importing.UrlFetcher;
import dev.pixflow.app.web.ImageMetadataRequest;
import dev.pixflow.core.domain.ImageMetadata;
import dev.pixflow.core.domain.RejectedImageException;
import dev.pixflow.core.port.ApiKeyStore;
import dev.pixflow.core.usecase.UploadRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a record says, as an upload. The value is the image's bytes, unless the {@code content-type}
 * header is {@code application/json}: then it is a reference, {@code {"url": "https://..."}} (fetched
 * by the import-by-URL client, with its address rules) or {@code {"s3": "s3://bucket/key"}} (a bucket
 * listed in {@code s3-buckets}). Headers {@code filename}, {@code owner}, {@code title},
 * {@code description} and {@code tags} (comma separated) are the upload's fields in either form.
 */
final class RecordContent implements AutoCloseable {
    static final String REFERENCE_TYPE = "application/json";
    private static final Set<String> REFERENCE_FIELDS = Set.of("url", "s3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IngestProperties props;
    private final UrlFetcher fetcher;
    private final Optional<S3ObjectReader> s3;
    private final ApiKeyStore keys;
    private final long uploadMaxBytes;

    /** @param fetcher its own URL client (the import's rules and limits), closed with this */
    RecordContent(IngestProperties props, UrlFetcher fetcher, Optional<S3ObjectReader> s3, ApiKeyStore keys,
                  long uploadMaxBytes) {
        this.props = props;
        this.fetcher = fetcher;
        this.s3 = s3;
        this.keys = keys;
        this.uploadMaxBytes = uploadMaxBytes;
    }

    /** The upload the record asks for; its body is open and the caller closes it. */
    UploadRequest open(ConsumerRecord<byte[], byte[]> record) throws IOException {
        String owner = owner(record);
        ImageMetadata metadata = ImageMetadataRequest.of(name -> header(record, name)).metadata();
        String filename = header(record, "filename");
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new BadRecordException("empty", "the record has no value");
        }
        Optional<String> type = Optional.ofNullable(header(record, "content-type"));
        if (type.map(RecordContent::bare).filter(REFERENCE_TYPE::equals).isEmpty()) {
            // The smaller of the two limits: a record is an upload, and the records' own bounds what the consumer fetches.
            long recordLimit = props.maxRecordBytes().toBytes();
            String limitName = recordLimit <= uploadMaxBytes ? "pixflow.ingest.kafka.max-record-bytes" : "pixflow.upload.max-bytes";
            long limit = Math.min(recordLimit, uploadMaxBytes);
            if (value.length > limit) {
                throw new BadRecordException("too-large", "the record carries " + value.length
                        + " bytes, over " + limitName + " (" + limit + ")");
            }
            return new UploadRequest(new ByteArrayInputStream(value), type, filename, metadata, owner, OptionalLong.of(limit));
        }
        JsonNode reference = reference(value);
        if (reference.has("url")) {
            UrlFetcher.Fetched fetched = fetcher.fetch(reference.get("url").asText());
            if (fetched.contentLength() > uploadMaxBytes) {
                fetched.close();
                throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE,
                        "the image is " + fetched.contentLength() + " bytes, over the limit of " + uploadMaxBytes);
            }
            String name = filename != null ? filename : lastSegment(fetched.finalUrl().getPath());
            return new UploadRequest(fetched.body(), fetched.contentType(), name, metadata, owner);
        }
        URI uri = s3Uri(reference.get("s3").asText());
        S3ObjectReader.Opened object;
        try {
            object = s3.orElseThrow().open(uri.getHost(), uri.getPath().substring(1));
        } catch (NoSuchFileException e) {
            throw new BadRecordException("s3-not-found", uri + " does not exist", e);
        }
        if (object.length() > uploadMaxBytes) {
            object.close();
            throw new RejectedImageException(RejectedImageException.Reason.TOO_LARGE,
                    "the object is " + object.length() + " bytes, over the limit of " + uploadMaxBytes);
        }
        String name = filename != null ? filename : lastSegment(uri.getPath());
        return new UploadRequest(object.body(), object.contentType(), name, metadata, owner);
    }

    /**
     * The owner header, or the configured owner. With API keys in use an owner must hold one, so a
     * producer's typo does not file images under a name nobody can sign in as.
     */
    private String owner(ConsumerRecord<byte[], byte[]> record) {
        String owner = header(record, "owner");
        if (owner == null || owner.isBlank() || owner.equals(props.owner())) {
            return props.owner();
        }
        if (owner.length() > 200 || owner.chars().anyMatch(Character::isISOControl)) {
            throw new BadRecordException("unknown-owner", "the owner header is not an owner name");
        }
        if (keys.anyExist() && keys.list().stream().filter(k -> k.activeAt(java.time.Instant.now())).noneMatch(k -> k.owner().equals(owner))) {
            throw new BadRecordException("unknown-owner", "no active API key has the owner '" + owner + "'");
        }
        return owner;
    }

    private static JsonNode reference(byte[] value) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            throw new BadRecordException("bad-reference", "a record of type " + REFERENCE_TYPE + " must be a JSON object: "
                    + e.getMessage());
        }
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new BadRecordException("bad-reference", "a reference is {\"url\": \"https://...\"} or {\"s3\": \"s3://bucket/key\"}");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!REFERENCE_FIELDS.contains(field) || !node.get(field).isTextual()) {
                throw new BadRecordException("bad-reference", "a reference is {\"url\": \"https://...\"} or {\"s3\": \"s3://bucket/key\"}");
            }
        }
        return node;
    }

    private URI s3Uri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new BadRecordException("bad-reference", "not an s3:// URI: " + e.getMessage());
        }
        if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new BadRecordException("bad-reference", "an S3 reference is s3://bucket/key");
        }
        if (s3.isEmpty()) {
            throw new BadRecordException("s3-not-configured", "this server has no S3 storage to read " + text + " with");
        }
        if (!props.s3Buckets().contains(uri.getHost())) {
            throw new BadRecordException("s3-bucket-refused", "bucket '" + uri.getHost()
                    + "' is not listed in pixflow.ingest.kafka.s3-buckets");
        }
        return uri;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String bare(String mediaType) {
        return mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    private static String lastSegment(String path) {
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return null;
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public void close() throws IOException {
        fetcher.close();
    }
}
