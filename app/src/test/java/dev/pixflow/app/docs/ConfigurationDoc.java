package dev.pixflow.app.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders docs/configuration.md from the configuration metadata that Spring Boot's configuration processor
 * writes at compile time ({@code META-INF/spring-configuration-metadata.json}): every {@code pixflow.*}
 * property of the {@code @ConfigurationProperties} records (descriptions from their javadoc {@code @param}s,
 * defaults from {@code @DefaultValue}), plus the few settings read without a properties record, which
 * {@code META-INF/additional-spring-configuration-metadata.json} declares. One section per group
 * ({@code pixflow.upload}, {@code pixflow.delivery} ...), one table per section.
 *
 * <p>{@link ConfigurationDocTest} checks that the committed page is this rendering, and rewrites it when
 * run with {@code -Dpixflow.docs.write=true}.
 */
public final class ConfigurationDoc {
    static final String METADATA = "META-INF/spring-configuration-metadata.json";
    static final String ADDITIONAL = "META-INF/additional-spring-configuration-metadata.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "pixflow.";
    private static final String GENERAL = "pixflow";

    /** Where each group is explained in prose: the topic page its section links to. */
    private record Topic(String title, String link) {
    }

    private static final Map<String, Topic> TOPICS = Map.ofEntries(
            Map.entry("pixflow.alt-text", new Topic("Alt text", "search-and-lifecycle.md#alt-text")),
            Map.entry("pixflow.analytics", new Topic("Statistics and the analytics export", "events.md#statistics-and-the-analytics-export")),
            Map.entry("pixflow.auth", new Topic("Sign-in with an identity provider", "security.md#sign-in-with-an-identity-provider")),
            Map.entry("pixflow.delivery", new Topic("Delivery, signing and CDNs", "delivery.md")),
            Map.entry("pixflow.engine", new Topic("Renditions by recipe", "api.md#renditions-by-recipe")),
            Map.entry("pixflow.events", new Topic("Events to a topic or a queue", "events.md#events-to-a-topic-or-a-queue")),
            Map.entry("pixflow.health", new Topic("Health and metrics", "operations.md#health-and-metrics")),
            Map.entry("pixflow.import", new Topic("Import by URL", "uploads.md#import-by-url")),
            Map.entry("pixflow.ingest", new Topic("Kafka ingestion", "events.md#kafka-ingestion")),
            Map.entry("pixflow.lifecycle", new Topic("Expiry and orphaned blobs", "search-and-lifecycle.md#expiry")),
            Map.entry("pixflow.limits", new Topic("Renditions by recipe", "api.md#renditions-by-recipe")),
            Map.entry("pixflow.metadata", new Topic("Scale-out settings", "operations.md#scale-out-settings")),
            Map.entry("pixflow.multipart", new Topic("Large and resumable uploads", "uploads.md#large-and-resumable-uploads")),
            Map.entry("pixflow.queue", new Topic("Scale-out settings", "operations.md#scale-out-settings")),
            Map.entry("pixflow.retention", new Topic("How long history is kept", "search-and-lifecycle.md#how-long-history-is-kept")),
            Map.entry("pixflow.security", new Topic("Keys, owners and limits", "security.md")),
            Map.entry("pixflow.storage", new Topic("Scale-out settings", "operations.md#scale-out-settings")),
            Map.entry("pixflow.ui", new Topic("The web UI", "web-ui.md")),
            Map.entry("pixflow.upload", new Topic("Uploads", "uploads.md")),
            Map.entry("pixflow.webhooks", new Topic("Webhooks", "events.md#webhooks")),
            Map.entry("pixflow.worker", new Topic("Operations", "operations.md#workers-and-the-queue")));

    private static final String INTRO = """
            # Configuration

            <!-- Generated from the configuration metadata by app/src/test/java/dev/pixflow/app/docs/ConfigurationDoc.java:
                 do not edit by hand. -->

            Every setting of Pixflow, with its default. The embedded defaults (one machine, data under `./data`)
            need none of them; the topic pages say what the settings are for and when to change them.

            **How settings are given.** These are Spring Boot properties, so any of Spring Boot's property sources
            works: environment variables, `--name=value` arguments (also for `./pixflow keys` and `./pixflow
            export`), or an `application.properties` or `application.yml` in the working directory or its
            `config/` directory. Names bind relaxed: the environment variable of a property is its name in upper
            case with dots turned into underscores and dashes removed, so `pixflow.upload.max-bytes` is
            `PIXFLOW_UPLOAD_MAXBYTES` and `pixflow.storage.s3.originals-bucket` is
            `PIXFLOW_STORAGE_S3_ORIGINALSBUCKET`. A list is comma separated (`PIXFLOW_DELIVERY_KEYS=943b...,0a1b...`)
            or indexed (`pixflow.variants[0].name`, `PIXFLOW_VARIANTS_0_NAME`). Durations take a unit (`500ms`,
            `30s`, `5m`, `1h`, `30d`) or ISO-8601 (`PT30S`, `P7D`); sizes take one too (`256KB`, `8MB`, `5GB`).

            Two of Spring Boot's own settings matter as well: `server.port` (`SERVER_PORT`, 8080) and
            `server.address` (`SERVER_ADDRESS`, `127.0.0.1`: listening on any other address needs an API key
            first, or `pixflow.security.open`, see [Keys, owners and limits](security.md)).

            **Regenerating this page.** It is generated from the metadata that Spring Boot's configuration
            processor writes when the app module compiles: descriptions are the javadoc `@param`s of the
            `@ConfigurationProperties` records, defaults their `@DefaultValue`s; settings read without such a
            record are declared in `app/src/main/resources/META-INF/additional-spring-configuration-metadata.json`.
            `ConfigurationDocTest` fails when this page and the code disagree; after changing a setting, rewrite it
            with

            ```sh
            mvn -pl app -am test -Dtest=ConfigurationDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dpixflow.docs.write=true
            ```
            """;

    private ConfigurationDoc() {
    }

    /** The page, from every {@code pixflow.*} property in the metadata on the class path. */
    public static String render() throws IOException {
        return render(load());
    }

    /**
     * Every {@code pixflow.*} property of every metadata file on the class path, by name. The additional
     * metadata is merged here as well as by the processor, which sees it only when it compiles: a change
     * to that file alone leaves the compiled metadata as it was.
     */
    static Map<String, JsonNode> load() throws IOException {
        Map<String, JsonNode> properties = new TreeMap<>();
        List<URL> files = read(METADATA, properties);
        read(ADDITIONAL, properties);
        if (properties.isEmpty()) {
            throw new IllegalStateException("no pixflow.* property in any " + METADATA + " on the class path " + files
                    + ": is spring-boot-configuration-processor on the app module's annotation processor path?");
        }
        return properties;
    }

    private static List<URL> read(String resource, Map<String, JsonNode> properties) throws IOException {
        List<URL> files = Collections.list(ConfigurationDoc.class.getClassLoader().getResources(resource));
        for (URL file : files) {
            try (InputStream in = file.openStream()) {
                for (JsonNode property : JSON.readTree(in).path("properties")) {
                    String name = property.path("name").asText();
                    if (name.startsWith(PREFIX)) {
                        properties.merge(name, property, ConfigurationDoc::merge);
                    }
                }
            }
        }
        return files;
    }

    /** As the processor merges: what the later entry says wins, what it leaves out is kept. */
    private static JsonNode merge(JsonNode earlier, JsonNode later) {
        ObjectNode merged = earlier.deepCopy();
        later.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
        return merged;
    }

    static String render(Map<String, JsonNode> properties) {
        Map<String, List<JsonNode>> sections = new TreeMap<>();
        properties.values().forEach(p -> sections.computeIfAbsent(section(p.path("name").asText()), k -> new ArrayList<>()).add(p));
        StringBuilder out = new StringBuilder(INTRO);
        for (Map.Entry<String, List<JsonNode>> section : sections.entrySet()) {
            out.append("\n## ").append(section.getKey()).append("\n\n");
            Topic topic = TOPICS.get(section.getKey());
            if (topic != null) {
                out.append("See [").append(topic.title()).append("](").append(topic.link()).append(").\n\n");
            }
            out.append("| property | default | description |\n|---|---|---|\n");
            for (JsonNode p : section.getValue()) {
                out.append("| ").append(code(displayName(p))).append(" | ").append(defaultValue(p.get("defaultValue")))
                        .append(" | ").append(description(p.path("description").asText(""))).append(" |\n");
            }
        }
        return out.toString();
    }

    /** {@code pixflow.upload.max-bytes} is in {@code pixflow.upload}; {@code pixflow.data-dir} in {@code pixflow}. */
    static String section(String name) {
        String[] parts = name.split("\\.");
        return parts.length <= 2 ? GENERAL : parts[0] + "." + parts[1];
    }

    /** A map is set key by key: {@code pixflow.ingest.kafka.properties.*}. */
    private static String displayName(JsonNode p) {
        String name = p.path("name").asText();
        return p.path("type").asText("").startsWith("java.util.Map<") ? name + ".*" : name;
    }

    private static String defaultValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return items.isEmpty() ? "" : code(String.join(",", items));
        }
        return code(value.asText());
    }

    /** An inline tag, whose text may hold balanced braces one deep, as javadoc allows: {@code a/{id}/b}. */
    private static final Pattern INLINE_TAG =
            Pattern.compile("\\{@(?:code|literal|link|linkplain)\\s+((?:[^{}]|\\{[^{}]*})*)}");

    /** Javadoc to one Markdown table cell: inline tags as code, one line, nothing that breaks the table. */
    static String description(String javadoc) {
        Matcher m = INLINE_TAG.matcher(javadoc);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(text, Matcher.quoteReplacement(code(m.group(1).strip())));
        }
        m.appendTail(text);
        String oneLine = text.toString().replaceAll("\\s+", " ").strip();
        // Outside code spans, '<' would open an HTML tag; inside, Markdown shows it as it is.
        String[] spans = oneLine.split("`", -1);
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < spans.length; i++) {
            if (i > 0) {
                cell.append('`');
            }
            cell.append(i % 2 == 0 ? spans[i].replace("<", "&lt;").replace(">", "&gt;") : spans[i]);
        }
        return cell.toString().replace("|", "\\|");
    }

    private static String code(String text) {
        return text.isEmpty() ? "" : "`" + text + "`";
    }

    /** Prints the page (for a look without the test). */
    public static void main(String[] args) throws IOException {
        System.out.print(render());
    }
}
