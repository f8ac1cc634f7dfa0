package dev.pixflow.app.security;

import dev.pixflow.core.domain.Caller;
import dev.pixflow.core.domain.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controllers the {@link Caller} (API endpoints: always established, or the filter refused the
 * request) or the {@link Viewer} (delivery: a caller, or anyone) of the request.
 */
public final class CallerArguments implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class || parameter.getParameterType() == Viewer.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest webRequest,
                                  WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        var who = Authenticated.of(request).map(Authenticated::caller);
        if (parameter.getParameterType() == Viewer.class) {
            return who.map(Viewer::of).orElse(Viewer.ANYONE);
        }
        return who.orElseThrow(() -> new UnauthorizedException("this endpoint needs an API key"));
    }
}
