package dev.pixflow.adapter.dynamodb;

import dev.pixflow.contract.ApiKeyStoreContract;
import dev.pixflow.contract.CatalogueAnalyticsContract;
import dev.pixflow.contract.CatalogueContract;
import dev.pixflow.contract.EventCursorsContract;
import dev.pixflow.contract.EventLogContract;
import dev.pixflow.contract.IngestedRecordsContract;
import dev.pixflow.contract.MultipartUploadStoreContract;
import dev.pixflow.contract.OrphanBlobsContract;
import dev.pixflow.contract.OutboxContract;
import dev.pixflow.contract.RetentionContract;
import dev.pixflow.contract.SearchContract;
import dev.pixflow.contract.SweepTurnsContract;
import dev.pixflow.contract.WebhookStoreContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every catalogue contract on dynalite, a DynamoDB-compatible server. */
@ExtendWith(OnDynalite.class)
class DynamoCatalogueContractsTest {
    @Nested class Catalogue extends CatalogueContract {
        @Override
        protected boolean checksDuplicatesAtomically() {
            return false; // one item a write: the lookup and the write are two steps (DynamoImageRecords)
        }
    }
    @Nested class Search extends SearchContract { }
    @Nested class Retention extends RetentionContract { }
    @Nested class OrphanBlobs extends OrphanBlobsContract { }
    @Nested class EventLog extends EventLogContract { }
    @Nested class EventCursors extends EventCursorsContract { }
    @Nested class SweepTurns extends SweepTurnsContract { }
    @Nested class Webhooks extends WebhookStoreContract { }
    @Nested class ApiKeys extends ApiKeyStoreContract { }
    @Nested class IngestedRecords extends IngestedRecordsContract { }
    @Nested class Analytics extends CatalogueAnalyticsContract { }
    @Nested class Outbox extends OutboxContract { }
    @Nested class MultipartUploads extends MultipartUploadStoreContract { }
}
