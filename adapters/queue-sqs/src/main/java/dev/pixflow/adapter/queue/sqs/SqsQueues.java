package dev.pixflow.adapter.queue.sqs;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.Map;

/**
 * Creates a jobs queue and its dead-letter queue, joined by a redrive policy, where Pixflow may create
 * them itself (development, tests, an SQS-compatible server). In production the queues are provisioned
 * with the rest of the infrastructure and Pixflow is given their URLs.
 */
public final class SqsQueues {
    private SqsQueues() {
    }

    /** The URLs of the two queues, created if missing (creating an existing queue is a no-op in SQS). */
    public record Pair(URI queueUrl, URI deadLetterQueueUrl) {
    }

    public static Pair ensure(SqsClient sqs, String queueName, int maxReceiveCount) {
        String dlqName = queueName + "-dead";
        String dlqUrl = sqs.createQueue(b -> b.queueName(dlqName)
                // Dead jobs wait for an operator: keep them as long as SQS allows.
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        String url = sqs.createQueue(b -> b.queueName(queueName)
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive,
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"))).queueUrl();
        return new Pair(URI.create(url), URI.create(dlqUrl));
    }
}
