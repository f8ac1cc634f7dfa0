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

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An API operation sent no body, or a JSON one, refuses a query parameter it does not take, as a 400
 * {@code invalid-field} naming it: a misspelt one ({@code limt=5}) would otherwise be passed over and
 * the answer look right; and one it takes once, given twice. An operation that reads its whole query (the listing, which checks its
 * own) is left to do so. Delivery's paths take what a CDN or a browser adds, and are not checked.
 */
@Configuration(proxyBeanMethods = false)
public class KnownQueryParameters implements WebMvcConfigurer, HandlerInterceptor {
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!UndecodableQuery.queryOnly(request) || !(handler instanceof HandlerMethod method)
                || request.getQueryString() == null) {
            return true;
        }
        Set<String> known = new TreeSet<>();
        Set<String> single = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                return true; // it reads the whole query, and says itself what it does not take
            }
            parameter.initParameterNameDiscovery(NAMES);
            String name = !param.name().isEmpty() ? param.name() : !param.value().isEmpty() ? param.value() : parameter.getParameterName();
            known.add(name);
            if (!Collection.class.isAssignableFrom(parameter.getParameterType()) && !parameter.getParameterType().isArray()) {
                single.add(name);
            }
        }
        requireKnown(request.getParameterMap().keySet(), known, "this operation");
        request.getParameterMap().forEach((name, values) -> {
            if (single.contains(name)) {
                requireOnce(name, values.length);
            }
        });
        return true;
    }

    /**
     * Refuses a parameter taken once that was given {@code values} times: the one rule for every
     * operation's parameters, a second value being otherwise passed over with an answer that looks right.
     */
    static void requireOnce(String name, int values) {
        if (values > 1) {
            throw new InvalidInputException(name, "give it once");
        }
    }

    /**
     * Refuses the first of {@code given} that is not {@code known} (400 naming it, and the known ones):
     * the one rule for an operation's parameters, a listing's and an upload's.
     */
    static void requireKnown(Collection<String> given, Set<String> known, String of) {
        for (String name : given) {
            if (!known.contains(name)) {
                throw new InvalidInputException(name, known.isEmpty() ? of + " takes no parameters"
                        : "is no parameter of " + of + "; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }
}
