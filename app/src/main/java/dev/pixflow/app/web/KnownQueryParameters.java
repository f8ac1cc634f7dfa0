package dev.pixflow.app.web;

import dev.pixflow.core.media.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An API operation answered by GET, HEAD or DELETE refuses a query parameter it does not take, as a
 * 400 {@code invalid-field} naming it: a misspelt one ({@code limt=5}) would otherwise be passed over
 * and the answer look right. An operation that reads its whole query (the listing, which checks its
 * own) is left to do so. Delivery's paths take what a CDN or a browser adds, and are not checked.
 */
@Configuration(proxyBeanMethods = false)
public class KnownQueryParameters implements WebMvcConfigurer, HandlerInterceptor {
    private static final Set<String> QUERY_ONLY = Set.of("GET", "HEAD", "DELETE");
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!QUERY_ONLY.contains(request.getMethod()) || !(handler instanceof HandlerMethod method)
                || request.getQueryString() == null) {
            return true;
        }
        Set<String> known = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                return true; // it reads the whole query, and says itself what it does not take
            }
            parameter.initParameterNameDiscovery(NAMES);
            known.add(!param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : parameter.getParameterName());
        }
        for (String name : request.getParameterMap().keySet()) {
            if (!known.contains(name)) {
                throw new InvalidInputException(name, known.isEmpty() ? "this operation takes no query parameters"
                        : "is no parameter of this operation; known: " + String.join(", ", known));
            }
        }
        return true;
    }
}
