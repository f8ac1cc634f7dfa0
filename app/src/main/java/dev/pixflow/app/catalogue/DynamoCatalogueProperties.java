package dev.pixflow.app.catalogue;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * The DynamoDB catalogue ({@code pixflow.metadata.type=dynamodb}): one table, whose key schema and
 * indexes deploy/aws/terraform declares.
 *
 * @param table       the table's name
 * @param region      the AWS region of the table
 * @param endpoint    another endpoint than the region's (a DynamoDB-compatible server, a VPC endpoint); empty
 *                    for AWS
 * @param accessKey   static credentials' access key; empty for the default chain (environment, web identity,
 *                    instance or task role)
 * @param secretKey   static credentials' secret key, with {@code access-key}
 * @param createTable create the table (on-demand capacity) at start when it does not exist: for development
 *                    and tests, where no Terraform made it
 */
@ConfigurationProperties("pixflow.metadata.dynamodb")
public record DynamoCatalogueProperties(@DefaultValue("pixflow-catalogue") String table,
                                        @DefaultValue("us-east-1") String region, URI endpoint, String accessKey,
                                        String secretKey, @DefaultValue("false") boolean createTable) {

    public DynamoCatalogueProperties {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("pixflow.metadata.dynamodb.table must name the catalogue's table");
        }
        if ((accessKey == null || accessKey.isBlank()) != (secretKey == null || secretKey.isBlank())) {
            throw new IllegalArgumentException("pixflow.metadata.dynamodb.access-key and secret-key go together");
        }
    }
}
