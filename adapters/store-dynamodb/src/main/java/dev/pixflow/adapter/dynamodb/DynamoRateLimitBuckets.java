package dev.pixflow.adapter.dynamodb;

import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The rate limits' buckets in the catalogue's table, an item per key holding bucket4j's serialised
 * state: bucket4j reads the state, computes the next one and writes it back by a conditional put that
 * holds only if the state is still the one read (or, for a new bucket, if there was none), retrying
 * when another process wrote first.
 */
public final class DynamoRateLimitBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {
    private static final String SK = "BUCKET";
    private static final String STATE = "state";

    private final Table table;

    public DynamoRateLimitBuckets(DynamoDbClient client, String table) {
        super(ClientSideConfig.getDefault());
        this.table = new Table(client, table, Clock.systemUTC());
    }

    private static String pk(String key) {
        return "RATE#" + key;
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return table.get(pk(key), SK).flatMap(item -> Attrs.get(item, STATE)).map(v -> v.b().asByteArray());
            }

            @Override
            public boolean compareAndSwap(byte[] originalData, byte[] newData, RemoteBucketState newState,
                                          Optional<Long> timeoutNanos) {
                Map<String, AttributeValue> item = new HashMap<>(Table.key(pk(key), SK));
                item.put(STATE, AttributeValue.fromB(SdkBytes.fromByteArray(newData)));
                Expr e = new Expr();
                String condition = originalData == null ? "attribute_not_exists(" + e.name(CatalogueTable.PK) + ")"
                        : e.name(STATE) + " = " + e.value(AttributeValue.fromB(SdkBytes.fromByteArray(originalData)));
                return table.put(item, e, condition);
            }
        };
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("the synchronous client only");
    }

    @Override
    public void removeProxy(String key) {
        table.delete(pk(key), SK, new Expr(), null);
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        throw new UnsupportedOperationException("the synchronous client only");
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }
}
