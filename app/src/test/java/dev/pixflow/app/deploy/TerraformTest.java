package dev.pixflow.app.deploy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pixflow.adapter.blob.s3.S3PartStore;
import dev.pixflow.adapter.dynamodb.CatalogueTable;
import dev.pixflow.app.config.Role;
import dev.pixflow.core.delivery.DeliverySigner;
import dev.pixflow.core.delivery.ExpiringLinks;
import dev.pixflow.core.delivery.SigningKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * deploy/aws/terraform cannot be planned here (no terraform, no AWS), so it is read with an HCL parser,
 * hcl4j, which also evaluates what needs no cloud (variable defaults, names, literals) and leaves a
 * reference to a resource's attribute as a reference named like {@code aws_sqs_queue.jobs.url}. What
 * Terraform makes is then checked against what it must agree with: the IAM policies of
 * deploy/aws/iam-*.json, the settings Pixflow reads (docs/configuration.md, generated from the
 * properties records), Pixflow's own bucket rules and delivery URLs, and the example values of deploy/k8s,
 * which name the resources Terraform makes under its default variables.
 */
class TerraformTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path MODULE = DEPLOY.resolve("aws/terraform");
    /** The account that the example ARNs and queue URLs of deploy/aws and deploy/k8s name. */
    private static final String EXAMPLE_ACCOUNT = "111122223333";
    /** The settings of the catalogue and the key that exist only once the stack is applied. */
    private static final Set<String> KNOWN_AFTER_APPLY = Set.of("PIXFLOW_METADATA_POSTGRES_URL",
            "PIXFLOW_METADATA_POSTGRES_USER", "PIXFLOW_STORAGE_S3_KMSKEYID");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> hcl;
    private static Map<String, Object> locals;
    private static Map<String, Object> variables;
    private static final Set<Path> filesRead = new HashSet<>();
    /** Every documented setting, by its environment variable, with its documented default. */
    private static final Map<String, String> settings = new TreeMap<>();
    private static final List<Map<String, Object>> manifests = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws Exception {
        variables = new HCLParser().parse(Files.readString(MODULE.resolve("variables.tf")));
        Map<String, Object> defaults = new HashMap<>();
        map(variables.get("variable")).forEach((name, v) -> {
            if (map(v).get("default") != null) {
                defaults.put(name, map(v).get("default"));
            }
        });

        HCLParser parser = new HCLParser();
        parser.setVariables(defaults);
        parser.registerFunction("file", args -> {
            Path file = MODULE.resolve(((String) args.getFirst()).replaceFirst("^path\\.module/", "")).normalize();
            filesRead.add(file);
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // What jsonencode encodes is kept as it is, so that its references stay readable.
        parser.registerFunction("jsonencode", List::getFirst);
        StringBuilder module = new StringBuilder();
        try (Stream<Path> files = Files.list(MODULE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tf")).sorted().toList()) {
                module.append(Files.readString(f)).append('\n');
            }
        }
        // hcl4j prints each step of its evaluation to standard output.
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            hcl = parser.parse(module.toString());
        } finally {
            System.setOut(out);
        }
        locals = new LinkedHashMap<>();
        Object blocks = hcl.get("locals");
        (blocks instanceof List<?> list ? list : List.of(blocks)).forEach(b -> locals.putAll(map(b)));

        Pattern row = Pattern.compile("^\\| `((?:pixflow|server)\\.[^`*]+)` \\| (?:`([^`]*)`)? ?\\|");
        for (String line : Files.readAllLines(Path.of("..", "docs", "configuration.md"))) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                settings.put(environmentVariable(m.group(1)), m.group(2) == null ? "" : m.group(2));
            }
        }
        // Spring Boot's own settings that Pixflow documents in the page's introduction.
        settings.put("SERVER_ADDRESS", "127.0.0.1");
        settings.put("SERVER_PORT", "8080");

        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    if (doc != null) {
                        manifests.add((Map<String, Object>) doc);
                    }
                }
            }
        }
    }

    @Test
    void thePoliciesAreReadFromDeployAwsForEveryRole() {
        List<String> roles = Arrays.stream(Role.values()).map(Role::id).toList();
        assertThat(strings(locals.get("roles"))).containsExactlyInAnyOrderElementsOf(roles);
        assertThat(filesRead).containsExactlyInAnyOrderElementsOf(
                roles.stream().map(r -> DEPLOY.resolve("aws/iam-" + r + ".json").normalize()).toList());
        assertThat(ref(resource("aws_iam_role_policy", "pixflow").get("for_each"))).isEqualTo("aws_iam_role.pixflow");
    }

    /**
     * Each statement keeps its Sid, Effect and Actions; each example ARN becomes the ARN of the resource
     * Terraform makes for it, which under the default variables has the example's name: so a policy names
     * exactly the resources of the files, and no example is left without a resource (the plan would fail).
     * This applies the map and the pattern of iam.tf as its policy_statements does: hcl4j evaluates
     * neither regex() nor an index into a call's result.
     */
    @Test
    void theIamStatementsAreThoseOfDeployAwsOnTheResourcesOfTheStack() throws IOException {
        Pattern parts = Pattern.compile((String) locals.get("arn_parts"));
        Map<String, Object> arns = map(locals.get("policy_arns"));
        Set<String> examplesUsed = new HashSet<>();
        List<String> dropped = new ArrayList<>();
        for (Role role : Role.values()) {
            JsonNode policy = JSON.readTree(DEPLOY.resolve("aws/iam-" + role.id() + ".json").toFile());
            for (JsonNode statement : policy.get("Statement")) {
                List<String> examples = new ArrayList<>();
                List<String> made = new ArrayList<>();
                statement.get("Resource").forEach(r -> examples.add(r.asText()));
                for (String example : examples) {
                    Matcher m = parts.matcher(example);
                    assertThat(m.matches()).as(example).isTrue();
                    assertThat(arns).as("iam.tf's policy_arns names %s", m.group(1)).containsKey(m.group(1));
                    examplesUsed.add(m.group(1));
                    arnsUnderDefaults(arns.get(m.group(1))).forEach(arn -> made.add(arn + m.group(2)));
                }
                String sid = role.id() + ":" + statement.get("Sid").asText();
                if (made.isEmpty()) {
                    dropped.add(sid);
                } else {
                    assertThat(made).as(sid).isEqualTo(examples);
                }
            }
        }
        assertThat(arns.keySet()).as("every ARN iam.tf maps is one the policies name").isEqualTo(examplesUsed);
        // Only what the operator has to give: the buckets Kafka records may name, and the events queue.
        // Only what the operator has to give: the buckets Kafka records may name, and the events queue; and
        // the DynamoDB table, which the default catalogue (PostgreSQL) does not make.
        List<String> dynamodb = Arrays.stream(Role.values()).map(r -> r.id() + ":CatalogueOnDynamoDB").toList();
        assertThat(dropped).containsExactlyInAnyOrderElementsOf(Stream.concat(
                Stream.of("ingest:ReadReferencedObjects", "worker:PublishEventsWhenAQueueIsConfigured"), dynamodb.stream()).toList());
    }

    /** The DynamoDB table Terraform makes has the key schema and the indexes that the adapter reads and writes. */
    @Test
    void theDynamoDbTableHasTheAdaptersKeysAndIndexes() {
        Map<String, Object> table = resource("aws_dynamodb_table", "catalogue");
        assertThat(table.get("hash_key")).isEqualTo(CatalogueTable.tableHashKey());
        assertThat(table.get("range_key")).isEqualTo(CatalogueTable.tableRangeKey());
        Map<String, Object> declared = map(locals.get("catalogue_indexes"));
        Map<String, Map<String, Object>> expected = new LinkedHashMap<>();
        for (CatalogueTable index : CatalogueTable.values()) {
            expected.put(index.indexName(), Map.of("hash", index.hashKey(), "range", index.rangeKey(),
                    "projection", index.projection()));
        }
        assertThat(declared).isEqualTo(expected);
        // hcl4j resolves the reference: the indexes the table makes are those of the map.
        assertThat(map(map(table.get("dynamic")).get("global_secondary_index")).get("for_each")).isEqualTo(expected);
        assertThat(map(locals.get("catalogue_settings")).keySet())
                .contains("PIXFLOW_METADATA_DYNAMODB_TABLE", "PIXFLOW_METADATA_DYNAMODB_REGION");
    }

    /** The example key of the policies is the key the buckets are encrypted with and Pixflow writes with. */
    @Test
    void thePoliciesKeyIsTheBucketsKey() {
        String key = ref(list(map(locals.get("policy_arns")).get("arn:aws:kms:eu-west-1:111122223333:key/REPLACE-WITH-KEY-ID")).getFirst());
        Map<String, Object> encryption = resource("aws_s3_bucket_server_side_encryption_configuration", "pixflow");
        Map<String, Object> byDefault = map(map(encryption.get("rule")).get("apply_server_side_encryption_by_default"));
        assertThat(ref(byDefault.get("kms_master_key_id"))).isEqualTo(key);
        assertThat(ref(map(locals.get("stack_settings")).get("PIXFLOW_STORAGE_S3_KMSKEYID"))).isEqualTo(key);
        assertThat(map(locals.get("buckets")).values()).extracting(TerraformTest::ref)
                .containsExactlyInAnyOrder("aws_s3_bucket.originals", "aws_s3_bucket.renditions");
    }

    /**
     * Every setting Terraform hands to Pixflow, and every environment variable of deploy/k8s, is one that
     * Pixflow reads; the ConfigMap takes each of its settings from Terraform, and its example values
     * name what Terraform makes under its default variables.
     */
    @Test
    void everySettingHandedToPixflowIsOneItReadsAndTheConfigMapIsTerraformsOutput() {
        Map<String, Object> fromTerraform = terraformSettings();
        assertThat(fromTerraform).isNotEmpty();
        assertThat(fromTerraform.keySet()).allSatisfy(env -> assertThat(settings).as("a setting of Pixflow").containsKey(env));
        for (Map<String, Object> doc : manifests) {
            for (String env : environmentVariables(doc)) {
                assertThat(settings).as("%s of %s", env, name(doc)).containsKey(env);
            }
        }

        Map<String, Object> configMap = at(kind("ConfigMap").getFirst(), "data");
        assertThat(fromTerraform.keySet()).containsAll(configMap.keySet());
        for (Map.Entry<String, Object> e : configMap.entrySet()) {
            String made = valueUnderDefaults(fromTerraform.get(e.getKey()));
            if (KNOWN_AFTER_APPLY.contains(e.getKey())) {
                assertThat(made).as(e.getKey()).isNull();
            } else {
                assertThat(made).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(valueUnderDefaults(fromTerraform.get("PIXFLOW_METADATA_TYPE"))).isEqualTo("postgres");
        assertThat(resource("aws_db_instance", "catalogue").get("engine")).isEqualTo("postgres");
    }

    @Test
    void theServiceAccountsAssumeTheRolesTheirManifestsName() {
        Map<String, Object> role = resource("aws_iam_role", "pixflow");
        Map<String, Object> trust = map(map(map(hcl.get("data")).get("aws_iam_policy_document")).get("assume_role"));
        List<Map<String, Object>> conditions = list(map(trust.get("statement")).get("condition"));
        String subject = strings(conditions.stream().filter(c -> ((String) c.get("variable")).endsWith(":sub"))
                .findFirst().orElseThrow().get("values")).getFirst();
        List<Map<String, Object>> accounts = kind("ServiceAccount");
        assertThat(accounts).hasSize(Role.values().length);
        for (Map<String, Object> account : accounts) {
            String component = at(account, "metadata", "labels", "app.kubernetes.io/component");
            String namespace = (String) map(account.get("metadata")).getOrDefault("namespace", "default");
            // hcl4j writes the reference it cannot resolve by its name: each.key is the role.
            assertThat((String) at(account, "metadata", "annotations", "eks.amazonaws.com/role-arn"))
                    .isEqualTo("arn:aws:iam::" + EXAMPLE_ACCOUNT + ":role/" + ((String) role.get("name")).replace("each.key", component));
            assertThat("system:serviceaccount:" + namespace + ":" + name(account))
                    .isEqualTo(subject.replace("each.key", component));
        }
        assertThat(map(hcl.get("output"))).containsKeys("role_arns", "kubernetes_config_map", "database_password_secret_arn");
    }

    /** Objects under incoming/ and whole uploads under uploads/ reach the workers through the incoming queue. */
    @Test
    void theOriginalsBucketSendsTheEventsPixflowTakesToTheIncomingQueue() {
        Map<String, Object> notification = resource("aws_s3_bucket_notification", "originals");
        assertThat(ref(notification.get("bucket"))).isEqualTo("aws_s3_bucket.originals.id");
        String incoming = queueOf("PIXFLOW_STORAGE_S3_INCOMINGQUEUEURL");
        List<Map<String, Object>> queues = list(notification.get("queue"));
        assertThat(queues).extracting(q -> q.get("filter_prefix"))
                .containsExactlyInAnyOrder(settings.get("PIXFLOW_STORAGE_S3_INCOMINGPREFIX"), S3PartStore.PREFIX);
        for (Map<String, Object> q : queues) {
            assertThat(ref(q.get("queue_arn"))).isEqualTo(incoming + ".arn");
            assertThat(strings(q.get("events"))).containsExactly("s3:ObjectCreated:*");
        }
        Map<String, Object> statement = list(map(resource("aws_sqs_queue_policy", "incoming").get("policy")).get("Statement")).getFirst();
        assertThat(ref(statement.get("Resource"))).isEqualTo(incoming + ".arn");
        assertThat(ref(at(statement, "Condition", "ArnEquals", "aws:SourceArn"))).isEqualTo("aws_s3_bucket.originals.arn");
    }

    /** A job tried max-attempts times goes to the dead-letter queue Pixflow is given; so does a bucket event. */
    @Test
    void theQueuesRedriveToTheirDeadLetterQueuesAfterPixflowsMaxAttempts() {
        int attempts = Integer.parseInt(settings.get("PIXFLOW_QUEUE_MAXATTEMPTS"));
        Map<String, Object> jobs = resource("aws_sqs_queue", queueOf("PIXFLOW_QUEUE_SQS_QUEUEURL").split("\\.")[1]);
        assertThat(ref(map(jobs.get("redrive_policy")).get("deadLetterTargetArn")))
                .isEqualTo(queueOf("PIXFLOW_QUEUE_SQS_DEADLETTERQUEUEURL") + ".arn");
        Map<String, Object> incoming = resource("aws_sqs_queue", queueOf("PIXFLOW_STORAGE_S3_INCOMINGQUEUEURL").split("\\.")[1]);
        for (Map<String, Object> queue : List.of(jobs, incoming)) {
            Map<String, Object> redrive = map(queue.get("redrive_policy"));
            assertThat(((Number) redrive.get("maxReceiveCount")).intValue()).as((String) queue.get("name")).isEqualTo(attempts);
        }
    }

    /** A backlog (the oldest job's age, which Pixflow cannot read from SQS) and any dead letter raise alarms. */
    @Test
    void alarmsWatchTheOldestMessageAndEveryDeadLetterQueue() {
        Map<String, Object> oldest = resource("aws_cloudwatch_metric_alarm", "oldest_message");
        assertThat(oldest.get("metric_name")).isEqualTo("ApproximateAgeOfOldestMessage");
        assertThat(refs(oldest.get("for_each"))).contains(queueOf("PIXFLOW_QUEUE_SQS_QUEUEURL"),
                queueOf("PIXFLOW_STORAGE_S3_INCOMINGQUEUEURL"));

        Map<String, Object> dead = resource("aws_cloudwatch_metric_alarm", "dead_letters");
        assertThat(dead.get("metric_name")).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(((Number) dead.get("threshold")).intValue()).isZero();
        assertThat(dead.get("comparison_operator")).isEqualTo("GreaterThanThreshold");
        Set<String> deadLetterQueues = new HashSet<>();
        map(map(hcl.get("resource")).get("aws_sqs_queue")).values().forEach(q -> {
            Object redrive = map(q).get("redrive_policy");
            if (redrive != null) {
                deadLetterQueues.add(ref(map(redrive).get("deadLetterTargetArn")).replaceFirst("\\.arn$", ""));
            }
        });
        assertThat(refs(dead.get("for_each"))).containsExactlyInAnyOrderElementsOf(deadLetterQueues);
    }

    /**
     * The rules Pixflow writes itself when asked (pixflow.multipart.bucket-rules, pixflow.lifecycle.bucket-rule),
     * with the same ids and the same days, so either writer leaves the other's rules as they are.
     */
    @Test
    void theBucketRulesAreThoseOfPixflowsOwnSettings() {
        List<Map<String, Object>> rules = list(resource("aws_s3_bucket_lifecycle_configuration", "originals").get("rule"));
        Map<String, Object> uploads = rules.stream().filter(r -> "pixflow-unfinished-uploads".equals(r.get("id"))).findFirst().orElseThrow();
        assertThat((String) at(uploads, "filter", "prefix")).isEqualTo(S3PartStore.PREFIX);
        // The multipart role's rule: the upload expiry plus a day, in whole days.
        Duration expiry = Duration.parse("PT" + settings.get("PIXFLOW_MULTIPART_EXPIRY").toUpperCase(Locale.ROOT));
        long days = (long) Math.ceil(expiry.plusDays(1).toMinutes() / (24 * 60.0));
        assertThat(((Number) at(uploads, "abort_incomplete_multipart_upload", "days_after_initiation")).longValue()).isEqualTo(days);
        assertThat(((Number) at(uploads, "expiration", "days")).longValue()).isEqualTo(days);
        assertThat(Duration.ofDays(((Number) map(map(hcl.get("variable")).get("upload_expiry_days")).get("default")).longValue()))
                .isEqualTo(expiry);

        assertThat(ttlRule("originals")).containsEntry("id", "pixflow-default-ttl-originals").containsEntry("prefix", "originals/");
        assertThat(ttlRule("renditions")).containsEntry("id", "pixflow-default-ttl-renditions").containsEntry("prefix", "renditions/");
    }

    /**
     * /i/ is cached by its path and the query of a signed link, /t/ by its path and the Accept header that
     * f:auto picks the format from; both keep what the origin's Cache-Control says (a minimum TTL of 0).
     */
    @Test
    void cloudFrontKeysTheDeliveryPathsAsDeliveryAsksAndHonoursItsCacheControl() {
        String signed = new ExpiringLinks(new DeliverySigner(List.of(SigningKey.hex("00", "00")), Clock.systemUTC()))
                .sign("/i/x/thumb", Instant.EPOCH);
        Set<String> signedQuery = UriComponentsBuilder.fromUriString(signed).build().getQueryParams().keySet();

        Map<String, Object> images = cachePolicyOf("/i/*");
        assertThat(strings(at(images, "parameters_in_cache_key_and_forwarded_to_origin", "query_strings_config", "query_strings", "items")))
                .containsExactlyInAnyOrderElementsOf(signedQuery);
        assertThat((String) at(images, "parameters_in_cache_key_and_forwarded_to_origin", "headers_config", "header_behavior")).isEqualTo("none");

        Map<String, Object> transformations = cachePolicyOf("/t/*");
        assertThat(strings(at(transformations, "parameters_in_cache_key_and_forwarded_to_origin", "headers_config", "headers", "items")))
                .containsExactly("Accept");
        for (Map<String, Object> policy : List.of(images, transformations)) {
            assertThat(((Number) policy.get("min_ttl")).intValue()).isZero();
            assertThat((String) at(policy, "parameters_in_cache_key_and_forwarded_to_origin", "cookies_config", "cookie_behavior")).isEqualTo("none");
        }
    }

    @Test
    void theExampleVariablesAreDeclaredAndGiveEveryRequiredOne() throws Exception {
        Map<String, Object> declared = map(variables.get("variable"));
        Map<String, Object> example = new HCLParser().parse(Files.readString(MODULE.resolve("example.tfvars")));
        assertThat(declared.keySet()).containsAll(example.keySet());
        declared.forEach((name, v) -> {
            if (!map(v).containsKey("default")) {
                assertThat(example).as("example.tfvars gives the required %s", name).containsKey(name);
            }
        });
        assertThat(((Number) example.get("image_ttl_days")).intValue()).isEqualTo(7);
    }

    // --- reading what hcl4j made ---

    private static Map<String, Object> terraformSettings() {
        Map<String, Object> all = new TreeMap<>();
        for (String part : List.of("stack_settings", "catalogue_settings", "kubernetes_settings")) {
            all.putAll(map(locals.get(part)));
        }
        return all;
    }

    /** The Terraform resource whose url a setting is, as {@code aws_sqs_queue.jobs}. */
    private static String queueOf(String setting) {
        String url = ref(terraformSettings().get(setting));
        assertThat(url).as(setting).matches("aws_sqs_queue\\.[a-z_]+\\.url");
        return url.replaceFirst("\\.url$", "");
    }

    /** What a setting's value is under the default variables, or null where only the applied stack knows. */
    private static String valueUnderDefaults(Object value) {
        if (value instanceof String s) {
            return s;
        }
        String ref = ref(value);
        if (ref == null) {
            return null;
        }
        String[] r = ref.split("\\.");
        return switch (r[0] + "." + r[r.length - 1]) {
            case "aws_s3_bucket.bucket" -> (String) resource("aws_s3_bucket", r[1]).get("bucket");
            case "aws_sqs_queue.url" -> "https://sqs." + region() + ".amazonaws.com/" + EXAMPLE_ACCOUNT + "/"
                    + resource("aws_sqs_queue", r[1]).get("name");
            default -> null;
        };
    }

    /** The ARNs a policy_arns entry is under the default variables: none for a resource not made. */
    private static List<String> arnsUnderDefaults(Object value) {
        List<String> arns = new ArrayList<>();
        for (Object item : value instanceof List<?> l ? l : List.of(value)) {
            String ref = ref(item);
            if (ref == null) {
                fail("iam.tf maps an example ARN to something that is no resource's ARN: " + item);
            }
            String[] r = ref.split("\\.");
            Map<String, Object> resource = resource(r[0], r[1]);
            if (r.length == 4 && "*".equals(r[2]) && ((Number) resource.get("count")).intValue() == 0) {
                continue;
            }
            arns.add(switch (r[0]) {
                case "aws_s3_bucket" -> "arn:aws:s3:::" + resource.get("bucket");
                case "aws_sqs_queue" -> "arn:aws:sqs:" + region() + ":" + EXAMPLE_ACCOUNT + ":" + resource.get("name");
                // A key's id exists only once it is made: the files' placeholder stands for it.
                case "aws_kms_key" -> "arn:aws:kms:" + region() + ":" + EXAMPLE_ACCOUNT + ":key/REPLACE-WITH-KEY-ID";
                default -> fail("iam.tf maps an example ARN to a resource the test does not know: " + ref);
            });
        }
        return arns;
    }

    private static Map<String, Object> ttlRule(String bucket) {
        Map<String, Object> content = at(resource("aws_s3_bucket_lifecycle_configuration", bucket), "dynamic", "rule", "content");
        return Map.of("id", content.get("id"), "prefix", at(content, "filter", "prefix"));
    }

    private static Map<String, Object> cachePolicyOf(String pathPattern) {
        List<Map<String, Object>> behaviours = list(resource("aws_cloudfront_distribution", "delivery").get("ordered_cache_behavior"));
        Map<String, Object> behaviour = behaviours.stream().filter(b -> pathPattern.equals(b.get("path_pattern"))).findFirst()
                .orElseThrow(() -> new AssertionError("no cache behaviour for " + pathPattern));
        String policy = ref(behaviour.get("cache_policy_id"));
        assertThat(policy).matches("aws_cloudfront_cache_policy\\.[a-z_]+\\.id");
        return resource("aws_cloudfront_cache_policy", policy.split("\\.")[1]);
    }

    private static String region() {
        return (String) map(map(variables.get("variable")).get("region")).get("default");
    }

    private static Map<String, Object> resource(String type, String name) {
        Map<String, Object> r = map(map(map(hcl.get("resource")).get(type)).get(name));
        assertThat(r).as("resource %s.%s", type, name).isNotNull();
        return r;
    }

    /** The name of the reference hcl4j left unresolved ({@code aws_sqs_queue.jobs.url}), or null. */
    private static String ref(Object value) {
        return value instanceof Symbol s && "VariableTree".equals(s.getSymbolName()) ? s.getName() : null;
    }

    private static Set<String> refs(Object value) {
        Set<String> out = new HashSet<>();
        (value instanceof Map<?, ?> m ? m.values() : List.of(value)).forEach(v -> out.add(ref(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** A repeated block is a list, a single one not. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of(map(value));
    }

    private static List<String> strings(Object value) {
        return ((List<?>) value).stream().map(String.class::cast).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String key : path) {
            n = n == null ? null : ((Map<String, Object>) n).get(key);
        }
        return (T) n;
    }

    // --- the settings and the manifests ---

    /** Relaxed binding's environment variable of a property: upper case, dots to underscores, no dashes. */
    private static String environmentVariable(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static List<Map<String, Object>> kind(String kind) {
        return manifests.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static String name(Map<String, Object> doc) {
        return at(doc, "metadata", "name");
    }

    private static List<String> environmentVariables(Map<String, Object> doc) {
        List<String> names = new ArrayList<>();
        if ("ConfigMap".equals(doc.get("kind"))) {
            names.addAll(map(doc.get("data")).keySet());
        }
        Object spec = doc.get("spec");
        Map<String, Object> pod = spec == null ? null : at(spec, "template", "spec");
        if (pod != null && pod.get("containers") != null) {
            for (Map<String, Object> container : list(pod.get("containers"))) {
                if (container.get("env") != null) {
                    list(container.get("env")).forEach(e -> names.add((String) e.get("name")));
                }
            }
        }
        return names;
    }
}
