package dev.pixflow.app.web;

import dev.pixflow.app.config.PixflowProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database refusing the commit for lack of space (SQLite reports it when the transaction
 * commits, as a transaction failure) is the disk-full answer, 507, as a refused write is; not a 500.
 */
class DatabaseFullTest {

    @Test
    void aCommitRefusedForSpaceIs507() {
        PixflowProperties props = Binder.get(new MockEnvironment()).bindOrCreate("pixflow", PixflowProperties.class);
        TransactionSystemException full = new TransactionSystemException("JDBC commit failed",
                new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"));
        ResponseEntity<ProblemDetail> answer = new Problems(props).database(full, new MockHttpServletRequest("POST", "/v1/images"));
        assertThat(answer.getStatusCode().value()).isEqualTo(507);
        assertThat(answer.getBody().getType().toString()).isEqualTo("urn:pixflow:problem:storage-full");
    }
}
