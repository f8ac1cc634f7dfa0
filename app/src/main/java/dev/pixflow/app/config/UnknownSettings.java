package dev.pixflow.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;

/**
 * Refuses at start a {@code pixflow.*} setting that names no setting, given as a {@code --pixflow.*}
 * argument or in a configuration file: a misspelt one would otherwise be ignored, and the server run
 * on the default it was meant to change (as a misspelt query parameter is refused, not ignored). The
 * settings are those of the configuration metadata built into the jar, the one list that
 * docs/configuration.md is written from too. Environment variables are not judged: the shell holds
 * others of the same prefix (the client's {@code PIXFLOW_SERVER}, the scripts' own).
 */
public final class UnknownSettings implements EnvironmentPostProcessor, Ordered {
    private static final String PREFIX = "pixflow.";
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final ConfigurationPropertyName PIXFLOW = ConfigurationPropertyName.of("pixflow");

    @Override
    public int getOrder() {
        // After the configuration files are read.
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<Known> known = known();
        if (known.isEmpty()) {
            return; // run from classes without the built metadata: nothing to judge by
        }
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof CommandLinePropertySource<?> || source instanceof OriginTrackedMapPropertySource)) {
                continue;
            }
            // Names as Spring binds them (relaxed: maxBytes, max-bytes and max_bytes are one setting).
            if (!(ConfigurationPropertySource.from(source) instanceof IterableConfigurationPropertySource names)) {
                continue;
            }
            names.stream().filter(PIXFLOW::isAncestorOf).filter(name -> known.stream().noneMatch(k -> k.names(name)))
                    .findFirst().ifPresent(name -> {
                        throw new IllegalStateException(name + " is no setting" + suggestion(name.toString(), known)
                                + " (" + (source instanceof CommandLinePropertySource<?> ? "an argument" : source.getName()) + ")");
                    });
        }
    }

    /** A setting; a list also names its items by index ({@code pixflow.roles[0]}), a map by key ({@code ...properties.acks}). */
    record Known(String name, ConfigurationPropertyName bound, Kind kind) {
        enum Kind { VALUE, LIST, MAP }

        boolean names(ConfigurationPropertyName setting) {
            return bound.equals(setting) || switch (kind) {
                case VALUE -> false;
                case LIST -> bound.isAncestorOf(setting) && setting.isNumericIndex(bound.getNumberOfElements());
                case MAP -> bound.isAncestorOf(setting);
            };
        }
    }

    /**
     * Pixflow's settings in the configuration metadata of the classpath: every copy read, since the
     * libraries ship theirs under the same name, and whichever comes first is not necessarily the app's.
     */
    static List<Known> known() {
        List<Known> known = new ArrayList<>();
        try {
            Enumeration<URL> files = UnknownSettings.class.getClassLoader().getResources(METADATA);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    for (JsonNode p : new ObjectMapper().readTree(in).path("properties")) {
                        String name = p.path("name").asText();
                        String type = p.path("type").asText("");
                        if (name.startsWith(PREFIX)) {
                            Known.Kind kind = type.startsWith("java.util.Map") ? Known.Kind.MAP
                                    : type.startsWith("java.util.List") || type.startsWith("java.util.Set") ? Known.Kind.LIST
                                    : Known.Kind.VALUE;
                            known.add(new Known(name, ConfigurationPropertyName.of(name), kind));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return known;
    }

    /**
     * The settings it may have meant: the same name in another group (the group misspelt), else those of
     * its group that begin as it does (the name misspelt).
     */
    static String suggestion(String name, List<Known> known) {
        int dot = name.lastIndexOf('.');
        String group = name.substring(0, dot + 1);
        String last = name.substring(dot + 1);
        TreeSet<String> near = new TreeSet<>();
        known.stream().map(Known::name).filter(n -> n.endsWith("." + last)).forEach(near::add);
        if (near.isEmpty()) {
            String start = last.substring(0, Math.min(3, last.length()));
            known.stream().map(Known::name).filter(n -> n.startsWith(group + start)).forEach(near::add);
        }
        return near.isEmpty() ? "; every setting is in docs/configuration.md" : "; did you mean " + String.join(" or ", near) + "?";
    }
}
