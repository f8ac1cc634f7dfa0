package dev.pixflow.app.config;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Set;

/** The roles this process runs, from {@code pixflow.roles}. */
public final class Roles {
    private Roles() {
    }

    public static Set<Role> of(Environment env) {
        List<String> listed = Binder.get(env).bind(Role.PROPERTY, Bindable.listOf(String.class)).orElse(List.of(Role.ALL));
        return Role.parse(String.join(",", listed));
    }
}
