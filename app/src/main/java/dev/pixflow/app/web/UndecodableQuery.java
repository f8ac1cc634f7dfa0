package dev.pixflow.app.web;

import dev.pixflow.core.media.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Set;

/**
 * Tomcat drops a query parameter it cannot decode (q=%zz) and marks the request, nothing more: a
 * handler would run without it, as if it had not been given (a search without its filter lists
 * everything). Every handler answered by GET, HEAD or DELETE, or sent no body or a JSON one, refuses
 * such a request instead, as a 400 {@code invalid-field} naming the query. Those are the requests whose
 * parameters are the query's alone: for others Tomcat could read a form body to decode them, which is
 * the handler's to read (an upload's).
 */
@Configuration(proxyBeanMethods = false)
public class UndecodableQuery implements WebMvcConfigurer, HandlerInterceptor {
    /** Tomcat's mark (its FailedRequestFilter reads the same). */
    private static final String PARSE_FAILED = "org.apache.catalina.parameter_parse_failed";
    private static final Set<String> QUERY_ONLY = Set.of("GET", "HEAD", "DELETE");

    /**
     * Whether the request's parameters are its query's alone, for its operation to check: a method
     * without a body, a request sent none, or a JSON body. An upload's query is its fields, which its
     * operation checks itself, naming each (a body of no type included: the upload refuses it so).
     */
    static boolean queryOnly(HttpServletRequest request) {
        if (QUERY_ONLY.contains(request.getMethod())) {
            return true;
        }
        String type = request.getContentType();
        if (type == null) {
            return request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null;
        }
        String bare = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return bare.equals("application/json") || bare.endsWith("+json");
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (queryOnly(request)) {
            request.getParameterMap(); // Tomcat decodes the query on first asking, and marks it then.
            if (request.getAttribute(PARSE_FAILED) != null) {
                throw new InvalidInputException("query", "a parameter is not percent-encoded UTF-8 ("
                        + request.getAttribute(PARSE_FAILED + "_reason") + ")");
            }
        }
        return true;
    }
}
