package dev.pixflow.app.delivery;

import org.apache.coyote.Request;
import org.apache.coyote.http2.Http2Protocol;

/**
 * HTTP/2 as CDNs and browsers speak it: h2 negotiated by ALPN when {@code server.ssl.*} names a
 * certificate, h2c by prior knowledge (a proxy's connection pool), and h2c by {@code Upgrade} for a
 * request without a body. An upgrade must read the request's body into memory first (Tomcat refuses
 * one over {@code maxSavePostSize} with 413), and clients such as the JDK's offer it on an upload
 * too: an upload is answered over HTTP/1.1 instead, and streams as always.
 */
final class Http2Upgrade extends Http2Protocol {

    @Override
    public boolean accept(Request request) {
        String method = request.getMethod();
        return ("GET".equals(method) || "HEAD".equals(method)) && super.accept(request);
    }
}
