package dev.pixflow.app.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Map;

/** Reads {@code pixflow.roles} (a list, or one comma-separated value such as the environment gives). */
final class OnRoleCondition implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attrs = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
        Role wanted = (Role) attrs.get("value");
        return Roles.of(context.getEnvironment()).contains(wanted);
    }
}
