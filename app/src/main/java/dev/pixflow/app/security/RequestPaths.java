package dev.pixflow.app.security;

import jakarta.servlet.http.HttpServletRequest;

/** A request's path as the controllers are matched on it, for the filters that act before them. */
final class RequestPaths {
    private RequestPaths() {
    }

    /**
     * Below the context path, without path parameters: Spring matches {@code /v1/images;x=1} as
     * {@code /v1/images}, so a filter must see it as that too.
     */
    static String of(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).replaceAll(";[^/]*", "");
    }
}
