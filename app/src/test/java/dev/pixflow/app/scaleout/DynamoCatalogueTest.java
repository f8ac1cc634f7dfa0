package dev.pixflow.app.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pixflow.adapter.dynamodb.DynamoStores;
import dev.pixflow.app.support.Http;
import dev.pixflow.app.support.PixflowTestBase;
import dev.pixflow.app.support.ScaleOutServers;
import dev.pixflow.core.port.ImageRecords;
import dev.pixflow.core.media.ImageId;
import dev.pixflow.engine.vips.testing.TestImages;
import dev.pixflow.testing.servers.DynaliteServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One process with the catalogue in DynamoDB (dynalite, a DynamoDB-compatible server), blobs on S3 and
 * jobs on SQS: an upload is recorded, its job relayed from the image's item to SQS, rendered, listed,
 * found by a search and deleted.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DynamoCatalogueTest extends PixflowTestBase {
    private static final Path DATA = newDataDir();
    /** Lives as long as the test JVM (stopped by its shutdown hook): the context's relay polls it until it closes. */
    private static final DynaliteServer DYNALITE = DynaliteServer.start();

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("pixflow.data-dir", DATA::toString);
        ScaleOutServers.s3AndSqs("ondynamo").forEach((k, v) -> r.add(k, () -> v));
        r.add("pixflow.metadata.type", () -> "dynamodb");
        r.add("pixflow.metadata.dynamodb.table", () -> "pixflow-test");
        r.add("pixflow.metadata.dynamodb.endpoint", () -> DYNALITE.endpoint().toString());
        r.add("pixflow.metadata.dynamodb.access-key", () -> "test");
        r.add("pixflow.metadata.dynamodb.secret-key", () -> "test");
        r.add("pixflow.metadata.dynamodb.create-table", () -> "true");
    }

    @Autowired
    ImageRecords records;
    @Autowired
    DynamoStores stores;

    @Test
    void anUploadIsRecordedInDynamoDbRenderedThroughSqsFoundAndDeleted() throws Exception {
        assertThat(records).isSameAs(stores.records());

        Path photo = TestImages.jpeg(DATA, 1600, 1200);
        var created = http().uploadRaw(photo, "image/jpeg", "filename=harbour.jpg&tags=boats");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Http.json(created).get("id").asText();

        JsonNode ready = awaitReady(id);
        assertThat(ready.get("variants").get("thumb").get("width").asInt()).isEqualTo(256);
        var thumb = http().bytes(http().request("/i/" + id + "/thumb").build());
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.body()).hasSizeGreaterThan(100);

        JsonNode found = Http.json(http().get("/v1/images?q=boat"));
        assertThat(found.get("items")).singleElement().satisfies(i -> assertThat(i.get("id").asText()).isEqualTo(id));
        JsonNode readiness = Http.json(http().get("/actuator/health/readiness"));
        assertThat(readiness.at("/components/dependencies/components/database/status").asText()).isEqualTo("UP");

        var deleted = http().send(http().request("/v1/images/" + id).DELETE().build());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(records.find(new ImageId(id))).isEmpty();
        assertThat(http().get("/v1/images/" + id).statusCode()).isEqualTo(404);
    }
}
