package dev.pixflow.app.security;

import jakarta.servlet.http.HttpServletRequest;

/** A request's path as the controllers are matched on it, for the filters that act before them. */
final class RequestPaths {
    private RequestPaths() {
    }

    /**
     * Below the context path, decoded, normalised and without path parameters, as the servlet container
     * maps it: Spring matches {@code /v1/images;x=1} and {@code /v1/%69mages} as {@code /v1/images}, so a
     * filter must see them as that too.
     */
    static String of(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null ? request.getServletPath() : request.getServletPath() + info;
    }
}
