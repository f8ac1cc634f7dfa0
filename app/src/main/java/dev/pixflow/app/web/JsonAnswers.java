package dev.pixflow.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The API answers in JSON, and only in JSON: Spring would also write YAML, XML or CBOR to a client that
 * asks for it, wherever their Jackson modules are on the class path, in a shape nobody documents
 * (dates as numbers, say). And a request that changes something, from a client that accepts no JSON, is
 * refused (406) before it acts: Spring weighs {@code Accept} only when it writes the answer, after the
 * operation ran, so the key or webhook was made and the only copy of its secret thrown away.
 */
@Configuration(proxyBeanMethods = false)
public class JsonAnswers implements WebMvcConfigurer, HandlerInterceptor {
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<MediaType> ANSWERS = List.of(MediaType.APPLICATION_JSON);

    private final ObjectMapper json;

    public JsonAnswers(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.removeIf(c -> c instanceof AbstractJackson2HttpMessageConverter
                && !(c instanceof MappingJackson2HttpMessageConverter));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException, IOException {
        if (!UNSAFE.contains(request.getMethod()) || !(handler instanceof HandlerMethod method) || !answersWithABody(method)) {
            return true;
        }
        List<String> lines = Collections.list(request.getHeaders("Accept"));
        if (lines.stream().allMatch(String::isBlank)) {
            return true;  // no line takes anything
        }
        List<MediaType> ranges;
        try {
            ranges = MediaType.parseMediaTypes(String.join(",", lines));
        } catch (InvalidMediaTypeException e) {
            // Spring would weigh these lines again to write the problem, fail again, and send no body.
            ProblemDetail problem = ContainerErrors.forStatus(HttpStatus.NOT_ACCEPTABLE,
                    "the Accept header does not parse as media ranges; the API answers application/json");
            problem.setInstance(URI.create(request.getRequestURI()));
            response.setStatus(HttpStatus.NOT_ACCEPTABLE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader(HttpHeaders.CACHE_CONTROL, ProblemsUncached.NO_STORE);
            json.writeValue(response.getOutputStream(), problem);
            return false;
        }
        if (!acceptsJson(ranges)) {
            throw new HttpMediaTypeNotAcceptableException(ANSWERS);
        }
        return true;
    }

    /** An operation that answers with no content (204 and its headers) has nothing to negotiate. */
    private static boolean answersWithABody(HandlerMethod method) {
        Type type = method.getReturnType().getGenericParameterType();
        if (type == void.class || type == Void.class) {
            return false;
        }
        return !(type instanceof ParameterizedType p && p.getRawType() == ResponseEntity.class
                && p.getActualTypeArguments()[0] == Void.class);
    }

    /**
     * Whether these ranges take JSON, the operation's answer, by the most specific of them that takes it
     * ({@code application/*+json} does, as Spring has it), so {@code application/json;q=0, *}{@code /*}
     * refuses it.
     */
    static boolean acceptsJson(List<MediaType> ranges) {
        MediaType best = null;
        for (MediaType range : ranges) {
            if (range.isCompatibleWith(MediaType.APPLICATION_JSON) && (best == null || specificity(range) > specificity(best))) {
                best = range;
            }
        }
        return best != null && best.getQualityValue() > 0;
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? (range.getSubtype().equals("*") ? 1 : 2) : 3;
    }
}
