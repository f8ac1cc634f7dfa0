package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.SearchDocument;

import java.util.List;

/** Keeps each image's search entry in step with its record, in the transactions that change it. */
final class SearchEntries {
    private static final int INDEX_BATCH = 500;

    private final SqlDatabase db;
    private final ImageRows rows;

    SearchEntries(SqlDatabase db, ImageRows rows) {
        this.db = db;
        this.rows = rows;
    }

    /** (Re)writes the image's search entry from its record, in the caller's transaction. */
    void index(ImageId id) {
        rows.find(id).ifPresent(this::index);
    }

    /** Writes the entry of a record this transaction has just written whole, without reading it back. */
    void index(ImageRecord image) {
        db.dialect().fullText().put(db.jdbc(), image.id(), SearchDocument.of(image));
    }

    /**
     * Images written before the search index existed (or by an older version) get their entries, in
     * batches. Processes starting together may index the same image twice; the entry is replaced, which
     * makes that harmless.
     */
    void indexMissing() {
        while (true) {
            List<String> ids = db.jdbc().queryForList(db.dialect().fullText().unindexedImages(), String.class, INDEX_BATCH);
            if (ids.isEmpty()) {
                return;
            }
            db.tx().executeWithoutResult(status -> ids.forEach(id -> index(new ImageId(id))));
        }
    }
}
