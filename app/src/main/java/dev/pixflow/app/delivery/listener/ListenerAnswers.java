package dev.pixflow.app.delivery.listener;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pixflow.app.delivery.Answer;
import dev.pixflow.app.delivery.DeliveryLookups;
import dev.pixflow.app.delivery.DeliveryResponses;
import dev.pixflow.app.delivery.KeptAnswers;
import dev.pixflow.app.logging.RequestIdFilter;
import dev.pixflow.app.security.ApiKeyFilter;
import dev.pixflow.app.security.OpenModeRequests;
import dev.pixflow.core.delivery.Caching;
import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.Viewer;
import dev.pixflow.core.port.BlobStore.StoredBlob;
import dev.pixflow.core.usecase.ApiKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * Answers on the event loop what {@link KeptAnswers} holds for a keep-alive HTTP/1.1 request that
 * carries nothing the controllers must weigh: no key or token, no Range, no conditional header, no
 * query string. The
 * headers come from {@link DeliveryResponses#headers}, the same as Tomcat's answer to the same request,
 * and the bytes from memory or the local disk (the kernel sends the file). Anything else returns false
 * and is forwarded to the controllers.
 */
final class ListenerAnswers {
    // Written as Tomcat writes them, so both ways in give byte-for-byte the same header names.
    private static final AsciiString REQUEST_ID = AsciiString.cached(RequestIdFilter.HEADER);
    private static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");
    private static final AsciiString VARY = AsciiString.cached("Vary");
    private static final AsciiString EXPIRES = AsciiString.cached("Expires");
    private static final AsciiString NOSNIFF_NAME = AsciiString.cached("X-Content-Type-Options");
    private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
    private static final AsciiString ALLOW_ORIGIN_NAME = AsciiString.cached("Access-Control-Allow-Origin");
    private static final AsciiString ALLOW_ORIGIN = AsciiString.cached(DeliveryResponses.ALLOW_ORIGIN);
    private static final AsciiString EXPOSE_HEADERS_NAME = AsciiString.cached("Access-Control-Expose-Headers");
    private static final AsciiString EXPOSE_HEADERS = AsciiString.cached(DeliveryResponses.EXPOSE_HEADERS);
    private static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");
    private static final AsciiString BYTES = AsciiString.cached("bytes");
    private static final AsciiString ETAG = AsciiString.cached("ETag");
    private static final AsciiString LAST_MODIFIED = AsciiString.cached("Last-Modified");
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString DATE = AsciiString.cached("Date");

    private final KeptAnswers kept;
    private final DeliveryResponses responses;
    private final ApiKeys keys;
    private final boolean identityProvider;
    private final boolean openBehindAuthenticator;
    private final HttpDate date = new HttpDate();
    /** By identity: a kept answer is one object for as long as it is kept, and its entry goes with it. */
    private final Cache<Answer, Prepared> prepared;
    private final Cache<StoredBlob, ByteBuf> bodies;
    private final long bodyBudget;

    /** @param bodyBudget bytes of bodies kept outside the heap (as many as the heap's hot renditions) */
    /** @param openBehindAuthenticator {@code pixflow.security.open}: an open server takes any Host, as the API-key filter does */
    ListenerAnswers(KeptAnswers kept, DeliveryResponses responses, ApiKeys keys, boolean identityProvider,
                    boolean openBehindAuthenticator, long bodyBudget) {
        this.prepared = Caffeine.newBuilder().weakKeys().maximumSize(100_000)
                .executor(DeliveryLookups.ON_CALLER).build();
        this.bodies = Caffeine.newBuilder().maximumWeight(Math.max(0, bodyBudget))
                .weigher((StoredBlob blob, ByteBuf body) -> body.capacity() + 256)
                .executor(DeliveryLookups.ON_CALLER).build();
        this.bodyBudget = bodyBudget;
        this.kept = kept;
        this.responses = responses;
        this.keys = keys;
        this.identityProvider = identityProvider;
        this.openBehindAuthenticator = openBehindAuthenticator;
    }

    /**
     * Writes the kept answer (not flushed) and returns true, or returns false: the controllers answer.
     * Asked only of keep-alive requests ({@link ListenerConnection#keepAlive}), whose responses nothing
     * after this changes.
     */
    boolean answer(ChannelHandlerContext ctx, HttpRequest request) throws IOException {
        HttpMethod method = request.method();
        String uri = request.uri();
        HttpHeaders in = request.headers();
        if (!(method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) || uri.indexOf('?') >= 0
                || !request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                || in.contains(HttpHeaderNames.AUTHORIZATION) || in.contains(HttpHeaderNames.RANGE)
                || in.contains(HttpHeaderNames.IF_NONE_MATCH) || in.contains(HttpHeaderNames.IF_MODIFIED_SINCE)
                || in.contains(HttpHeaderNames.IF_MATCH) || in.contains(HttpHeaderNames.IF_UNMODIFIED_SINCE)) {
            return false;
        }
        Viewer viewer = anonymous(in);
        if (viewer == null) {
            return false;
        }
        // Accept sent as several lines is one list (RFC 9110, 5.3), as the controllers read it.
        String accept = in.get(HttpHeaderNames.ACCEPT);
        if (accept != null && ListenerProblems.lines(request, HttpHeaderNames.ACCEPT) > 1) {
            accept = String.join(",", in.getAll(HttpHeaderNames.ACCEPT));
        }
        Optional<KeptAnswers.Kept> found = kept.find(uri, viewer, accept);
        if (found.isEmpty()) {
            return false;
        }
        Prepared h = prepared(found.get());
        HttpHeaders out = headers(h, in.get(RequestIdFilter.HEADER));
        if (method.equals(HttpMethod.HEAD)) {
            ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER,
                    out, EmptyHttpHeaders.INSTANCE));
            return true;
        }
        StoredBlob blob = found.get().answer().found().delivery().blob();
        ByteBuf body = bodies.getIfPresent(blob);
        if (body != null) {
            responses.sentFromMemory();
            ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body.duplicate(),
                    out, EmptyHttpHeaders.INSTANCE));
            return true;
        }
        Optional<DeliveryResponses.LocalBytes> bytes = responses.localBytes(found.get().answer());
        if (bytes.isEmpty()) {
            return false;
        }
        if (bytes.get() instanceof DeliveryResponses.InMemory memory) {
            ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    keepBody(blob, memory.bytes()), out, EmptyHttpHeaders.INSTANCE));
            return true;
        }
        FileChannel file;
        try {
            file = FileChannel.open(((DeliveryResponses.OnDisk) bytes.get()).file());
        } catch (NoSuchFileException gone) {
            // Deleted since it was looked up: the controllers look again and answer.
            return false;
        }
        try {
            if (file.size() != h.length()) {
                file.close();
                return false;
            }
        } catch (IOException e) {
            file.close();
            throw e;
        }
        responses.sentFromDisk();
        ctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, out));
        ctx.write(new DefaultFileRegion(file, 0, h.length()));
        ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
        return true;
    }

    /**
     * Who a request without a key is, as the API-key filter decides it for delivery paths; null when only
     * the key store can say, which the event loop does not wait on: the controllers ask it.
     */
    private Viewer anonymous(HttpHeaders in) {
        if (identityProvider) {
            return Viewer.ANYONE;
        }
        Optional<Boolean> open = keys.noneIssuedKnownWithin(ApiKeyFilter.KEY_PRESENCE_TTL);
        if (open.isEmpty()) {
            return null;
        }
        if (!open.get()) {
            return Viewer.ANYONE;
        }
        // Open on loopback: another name is a page that pointed itself at 127.0.0.1, which the controllers refuse.
        return openBehindAuthenticator || OpenModeRequests.forThisMachine(in.get(HttpHeaderNames.HOST)) ? Viewer.of(Caller.OPEN) : null;
    }

    /**
     * An answer's headers as the encoder writes them. Kept per answer when they do not change with time
     * (anyone may keep it forever): turning them into bytes per response was the listener's largest
     * source of garbage, and the collector's pauses were its slowest responses.
     */
    private record Prepared(AsciiString cacheControl, AsciiString vary, AsciiString expires, AsciiString lastModified,
                            AsciiString etag, AsciiString mediaType, AsciiString contentLength, long length) {

        static Prepared of(DeliveryResponses.Headers h) {
            return new Prepared(AsciiString.of(h.cacheControl()), h.vary() == null ? null : AsciiString.of(h.vary()),
                    h.expires() == null ? null : AsciiString.of(h.expires()), AsciiString.of(DeliveryResponses.httpDate(h.lastModified())),
                    AsciiString.of(h.etag()), AsciiString.of(h.mediaType()), AsciiString.of(Long.toString(h.length())),
                    h.length());
        }
    }

    /**
     * The body to send, copied once outside the heap and kept by the stored blob (its key, size, time
     * and hash: the same bytes, as the heap's hot renditions are kept): a socket write of heap bytes copies them to native memory
     * first, on every response. Without a budget, the heap bytes go as they are.
     */
    private ByteBuf keepBody(StoredBlob blob, byte[] bytes) {
        if (bodyBudget <= 0) {
            return Unpooled.wrappedBuffer(bytes);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        ByteBuf body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
        bodies.put(blob, body);
        return body.duplicate();
    }

    private static boolean constant(Caching caching) {
        return caching.shared() && caching.until().isEmpty();
    }

    private Prepared prepared(KeptAnswers.Kept kept) {
        Caching caching = kept.caching();
        if (constant(caching)) {
            return prepared.get(kept.answer(), a -> Prepared.of(responses.headers(a, caching)));
        }
        return Prepared.of(responses.headers(kept.answer(), caching));
    }

    /**
     * In the order Tomcat's answer carries them, as one array: a map of headers per response was a third
     * of the listener's garbage. Read-only is safe because only keep-alive HTTP/1.1 requests are answered
     * here, whose responses nothing after this changes.
     */
    private HttpHeaders headers(Prepared h, String requestId) {
        CharSequence[] out = new CharSequence[22 + (h.vary() == null ? 0 : 2) + (h.expires() == null ? 0 : 2)];
        int n = 0;
        out[n++] = REQUEST_ID;
        out[n++] = RequestIdFilter.idFor(requestId);
        out[n++] = ALLOW_ORIGIN_NAME;
        out[n++] = ALLOW_ORIGIN;
        out[n++] = CACHE_CONTROL;
        out[n++] = h.cacheControl();
        if (h.vary() != null) {
            out[n++] = VARY;
            out[n++] = h.vary();
        }
        if (h.expires() != null) {
            out[n++] = EXPIRES;
            out[n++] = h.expires();
        }
        out[n++] = NOSNIFF_NAME;
        out[n++] = NOSNIFF;
        out[n++] = EXPOSE_HEADERS_NAME;
        out[n++] = EXPOSE_HEADERS;
        out[n++] = ETAG;
        out[n++] = h.etag();
        out[n++] = LAST_MODIFIED;
        out[n++] = h.lastModified();
        out[n++] = ACCEPT_RANGES;
        out[n++] = BYTES;
        out[n++] = CONTENT_TYPE;
        out[n++] = h.mediaType();
        out[n++] = CONTENT_LENGTH;
        out[n++] = h.contentLength();
        out[n++] = DATE;
        out[n] = date.now();
        return new ReadOnlyHttpHeaders(false, out);
    }
}
