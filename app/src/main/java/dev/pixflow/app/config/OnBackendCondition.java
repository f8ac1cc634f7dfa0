package dev.pixflow.app.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Arrays;
import java.util.Map;

/** Matches the engines of {@link ConditionalOnBackend} against the configured {@link Backends}. */
final class OnBackendCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> wanted = metadata.getAnnotationAttributes(ConditionalOnBackend.class.getName());
        Backends configured = Backends.of(context.getEnvironment());
        return allows((Object[]) wanted.get("catalogue"), configured.catalogue())
                && allows((Object[]) wanted.get("queue"), configured.queue())
                && allows((Object[]) wanted.get("storage"), configured.storage());
    }

    private static boolean allows(Object[] wanted, Object configured) {
        return wanted.length == 0 || Arrays.asList(wanted).contains(configured);
    }
}
