package dev.pixflow.app.config;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The bean or configuration exists only with these engines ({@link Backends}); an attribute left empty
 * places no condition on its engine.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnBackendCondition.class)
public @interface ConditionalOnBackend {
    Backends.Catalogue[] catalogue() default {};

    Backends.Queue[] queue() default {};

    Backends.Storage[] storage() default {};
}
