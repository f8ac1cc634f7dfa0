package dev.pixflow.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.app.config.PixflowProperties;
import dev.pixflow.app.config.Role;
import dev.pixflow.app.ingest.IngestProperties;
import dev.pixflow.app.security.SecurityProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files cannot run here, so their fields that matter are checked: one Deployment per
 * role on the same image and port, probes on the health groups the app serves, autoscalers on the
 * right targets, and every environment variable naming a setting the app really has.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Set<String> OUTSIDE_PIXFLOW_PROPERTIES = Set.of("PIXFLOW_ROLES", "PIXFLOW_DATA_DIR", "SERVER_PORT",
            "SERVER_ADDRESS");
    private static final List<Map<String, Object>> DOCS = new ArrayList<>();
    /** {@code pixflow.health.timeout}'s default, bound from the settings record so the two cannot drift apart. */
    private static final java.time.Duration HEALTH_CHECK_TIMEOUT = healthTimeout();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    if (doc != null) {
                        DOCS.add((Map<String, Object>) doc);
                    }
                }
            }
        }
    }

    private static List<Map<String, Object>> kind(String kind) {
        return DOCS.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String key : path) {
            n = n instanceof List<?> l ? l.get(Integer.parseInt(key)) : ((Map<String, Object>) n).get(key);
        }
        return (T) n;
    }

    private static String name(Map<String, Object> doc) {
        return at(doc, "metadata", "name");
    }

    @Test
    void oneDeploymentPerRoleOnOneImageWithHealthProbes() {
        Map<String, Map<String, Object>> byRole = new HashMap<>();
        for (Map<String, Object> d : kind("Deployment")) {
            Map<String, Object> container = at(d, "spec", "template", "spec", "containers", "0");
            List<Map<String, Object>> env = at(container, "env");
            String role = env.stream().filter(e -> "PIXFLOW_ROLES".equals(e.get("name"))).map(e -> (String) e.get("value"))
                    .findFirst().orElseThrow(() -> new AssertionError(name(d) + " sets no PIXFLOW_ROLES"));
            assertThat(Role.parse(role)).hasSize(1);
            byRole.put(role, d);

            assertThat((String) at(container, "image")).isEqualTo("pixflow:0.1.0");
            assertThat((Integer) at(container, "ports", "0", "containerPort")).isEqualTo(8080);
            assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            // Readiness runs the dependency checks, each bounded by pixflow.health.timeout: the probe waits longer.
            assertThat((Integer) at(container, "readinessProbe", "timeoutSeconds")).as(name(d))
                    .isGreaterThan((int) HEALTH_CHECK_TIMEOUT.toSeconds());
            assertThat((String) at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat((String) at(container, "envFrom", "0", "configMapRef", "name")).isEqualTo("pixflow-config");
            assertThat((String) at(d, "spec", "template", "spec", "serviceAccountName")).isEqualTo("pixflow-" + role);
            assertThat((Map<String, Object>) at(d, "spec", "selector", "matchLabels"))
                    .isEqualTo(at(d, "spec", "template", "metadata", "labels"));
        }
        assertThat(byRole.keySet()).containsExactlyInAnyOrder(
                Arrays.stream(Role.values()).map(Role::id).toArray(String[]::new));
    }

    @Test
    void theApiRolesHaveServicesAndHpasAndTheWorkersScaleOnTheQueue() {
        Set<String> services = new HashSet<>(kind("Service").stream().map(DeployManifestsTest::name).toList());
        assertThat(services).containsExactlyInAnyOrder("pixflow-upload", "pixflow-multipart", "pixflow-delivery");
        assertThat(kind("HorizontalPodAutoscaler")).extracting(h -> (String) at(h, "spec", "scaleTargetRef", "name"))
                .containsExactlyInAnyOrder("pixflow-upload", "pixflow-multipart", "pixflow-delivery");

        Map<String, Map<String, Object>> scaledByTarget = new HashMap<>();
        kind("ScaledObject").forEach(s -> scaledByTarget.put(at(s, "spec", "scaleTargetRef", "name"), s));
        assertThat(scaledByTarget.keySet()).containsExactlyInAnyOrder("pixflow-worker", "pixflow-ingest");
        Map<String, Object> trigger = at(scaledByTarget.get("pixflow-worker"), "spec", "triggers", "0");
        assertThat(trigger.get("type")).isEqualTo("aws-sqs-queue");
        String configQueue = at(kind("ConfigMap").getFirst(), "data", "PIXFLOW_QUEUE_SQS_QUEUEURL");
        assertThat((String) at(trigger, "metadata", "queueURL")).isEqualTo(configQueue);

        // Ingest scales on its consumer group's lag, on the topic and group its pods read.
        Map<String, Object> lag = at(scaledByTarget.get("pixflow-ingest"), "spec", "triggers", "0");
        assertThat(lag.get("type")).isEqualTo("kafka");
        Map<String, String> ingestEnv = new HashMap<>();
        kind("Deployment").stream().filter(d -> "pixflow-ingest".equals(name(d)))
                .<List<Map<String, Object>>>map(d -> at(d, "spec", "template", "spec", "containers", "0", "env"))
                .flatMap(List::stream).filter(e -> e.get("value") != null)
                .forEach(e -> ingestEnv.put((String) e.get("name"), (String) e.get("value")));
        assertThat((String) at(lag, "metadata", "topic")).isEqualTo(ingestEnv.get("PIXFLOW_INGEST_KAFKA_TOPIC"));
        assertThat((String) at(lag, "metadata", "bootstrapServers"))
                .isEqualTo(ingestEnv.get("PIXFLOW_INGEST_KAFKA_BOOTSTRAPSERVERS"));
        assertThat((String) at(lag, "metadata", "consumerGroup")).isEqualTo("pixflow-ingest");

        List<Map<String, Object>> paths = at(kind("Ingress").getFirst(), "spec", "rules", "0", "http", "paths");
        assertThat(paths).extracting(p -> (String) at(p, "backend", "service", "name")).allMatch(services::contains);
    }

    /**
     * Every path the app's controllers and static pages serve is routed by the Ingress, to the role
     * that serves it; the actuator's are not. The paths come from the controllers' own mappings, so a
     * new endpoint left out of the Ingress fails here.
     */
    @Test
    void theIngressRoutesEveryPublicPathToItsRoleAndNotTheActuator() throws Exception {
        List<Map<String, Object>> rules = at(kind("Ingress").getFirst(), "spec", "rules", "0", "http", "paths");
        Set<String> publicPaths = new java.util.TreeSet<>();
        var scanner = new org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new org.springframework.core.type.filter.AnnotationTypeFilter(
                org.springframework.web.bind.annotation.RestController.class));
        for (var candidate : scanner.findCandidateComponents("dev.pixflow.app")) {
            for (var method : Class.forName(candidate.getBeanClassName()).getDeclaredMethods()) {
                var mapping = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(method,
                        org.springframework.web.bind.annotation.RequestMapping.class);
                if (mapping != null) {
                    for (String path : mapping.path().length > 0 ? mapping.path() : mapping.value()) {
                        publicPaths.add(path.replaceAll("\\{[^/]*}", "x"));
                    }
                }
            }
        }
        try (Stream<Path> pages = Files.list(Path.of("src", "main", "resources", "static"))) {
            pages.filter(Files::isRegularFile).forEach(page -> publicPaths.add("/" + page.getFileName()));
        }
        publicPaths.addAll(List.of("/", "/ui/app.js", "/ui/vendor/uppy/uppy.min.js"));
        // Where the servlet container forwards its own errors: never asked for from outside.
        publicPaths.remove(dev.pixflow.app.web.ContainerErrors.PATH);
        assertThat(publicPaths).as("controllers found").contains("/v1/images", "/v1/uploads/x/parts/x/presign", "/t/x/x/x");

        for (String path : publicPaths) {
            assertThat(route(rules, path)).as("%s is routed", path).isPresent();
        }
        assertThat(route(rules, "/v1/uploads/x/complete")).contains("pixflow-multipart");
        assertThat(route(rules, "/i/x/thumb")).contains("pixflow-delivery");
        assertThat(route(rules, "/t/x/w:300/x")).contains("pixflow-delivery");
        assertThat(route(rules, "/v1/admin/queues")).contains("pixflow-upload");
        for (String apiDescription : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config",
                "/swagger-ui.html", "/swagger-ui/index.html")) {
            assertThat(route(rules, apiDescription)).as(apiDescription).contains("pixflow-upload");
        }
        assertThat(route(rules, "/actuator/prometheus")).isEmpty();
        assertThat(route(rules, "/actuator/health")).isEmpty();
    }

    /** The service the Ingress sends {@code path} to: the longest matching Prefix or an Exact rule. */
    private static java.util.Optional<String> route(List<Map<String, Object>> rules, String path) {
        return rules.stream().filter(r -> {
            String rule = (String) r.get("path");
            return "Exact".equals(r.get("pathType")) ? path.equals(rule)
                    : path.equals(rule) || path.startsWith(rule.endsWith("/") ? rule : rule + "/");
        }).max(java.util.Comparator.comparingInt(r -> ((String) r.get("path")).length()))
                .map(r -> (String) at(r, "backend", "service", "name"));
    }

    @Test
    void everyEnvironmentVariableNamesASettingOfTheApp() {
        Set<String> known = new HashSet<>();
        collect("pixflow", PixflowProperties.class, known);
        collect("pixflow.security", SecurityProperties.class, known);
        collect("pixflow.ingest.kafka", IngestProperties.class, known);
        List<String> names = new ArrayList<>();
        Map<String, Object> data = at(kind("ConfigMap").getFirst(), "data");
        names.addAll(data.keySet());
        for (Map<String, Object> d : kind("Deployment")) {
            List<Map<String, Object>> env = at(d, "spec", "template", "spec", "containers", "0", "env");
            env.forEach(e -> names.add((String) e.get("name")));
        }
        for (String env : names) {
            if (OUTSIDE_PIXFLOW_PROPERTIES.contains(env)) {
                continue;
            }
            // Spring's relaxed binding: PIXFLOW_STORAGE_S3_ORIGINALSBUCKET is pixflow.storage.s3.originals-bucket.
            assertThat(known).as("environment variable %s", env).contains(env.toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        assertThat(data.get("PIXFLOW_STORAGE_TYPE")).isEqualTo("s3");
        assertThat(data.get("PIXFLOW_QUEUE_TYPE")).isEqualTo("sqs");
        assertThat(data.get("PIXFLOW_METADATA_TYPE")).isEqualTo("postgres");
    }

    /**
     * Pods listen beyond loopback, so they must run with API keys: none may open the server, and the
     * first admin key is made by a Job with the same settings before the Deployments can start.
     */
    @Test
    void podsListenOnTheirInterfaceAndRunWithKeys() {
        Map<String, Object> data = at(kind("ConfigMap").getFirst(), "data");
        assertThat(data.get("SERVER_ADDRESS")).isEqualTo("0.0.0.0");
        assertThat(data).doesNotContainKey("PIXFLOW_SECURITY_OPEN");
        for (Map<String, Object> d : kind("Deployment")) {
            List<Map<String, Object>> env = at(d, "spec", "template", "spec", "containers", "0", "env");
            assertThat(env).extracting(e -> e.get("name")).as(name(d)).doesNotContain("PIXFLOW_SECURITY_OPEN", "SERVER_ADDRESS");
        }
        Map<String, Object> job = kind("Job").getFirst();
        Map<String, Object> container = at(job, "spec", "template", "spec", "containers", "0");
        List<String> args = at(container, "args");
        assertThat(args).containsSubsequence("keys", "create", "--owner").contains("--admin");
        assertThat((String) at(container, "envFrom", "0", "configMapRef", "name")).isEqualTo("pixflow-config");
    }

    private static java.time.Duration healthTimeout() {
        return new org.springframework.boot.context.properties.bind.Binder()
                .bindOrCreate("pixflow.health", dev.pixflow.app.health.HealthProperties.class).timeout();
    }

    /** Property names as relaxed binding sees them in the environment: lower case, no dashes. */
    private static void collect(String prefix, Class<?> type, Set<String> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            String name = prefix + "." + c.getName().toLowerCase(Locale.ROOT);
            if (c.getType().isRecord()) {
                collect(name, c.getType(), out);
            } else {
                out.add(name);
            }
        }
    }

    @Test
    void eachRoleHasAnIamPolicyAndOnlyWorkersTakeJobs() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (Role role : Role.values()) {
            JsonNode policy = json.readTree(DEPLOY.resolve("aws/iam-" + role.id() + ".json").toFile());
            assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
            Set<String> actions = new HashSet<>();
            policy.get("Statement").forEach(s -> s.get("Action").forEach(a -> actions.add(a.asText())));
            assertThat(actions).noneMatch(a -> a.endsWith("*"));
            assertThat(actions.contains("sqs:ReceiveMessage")).as(role.id()).isEqualTo(role == Role.WORKER);
            assertThat(actions.contains("s3:PutObject")).as(role.id()).isTrue();
        }
    }

    @Test
    void theDockerfileInstallsThePinnedLibvipsAndRunsTheJar() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile).contains("engine-vips/install-libvips").contains("PIXFLOW_VIPS_LIBRARY=")
                .contains("apt-get install").contains("libheif1")
                .contains("--enable-native-access=ALL-UNNAMED").contains("EXPOSE 8080").contains("USER 10001");
    }
}
