package dev.pixflow.adapter.sqlite;

import dev.pixflow.adapter.jdbc.JdbcStores;
import dev.pixflow.adapter.jdbc.SqlDatabase;
import dev.pixflow.contract.ImageDraft;
import dev.pixflow.core.domain.ImageFilter;
import dev.pixflow.core.domain.ImageQuery;
import dev.pixflow.core.domain.ImageRecord;
import dev.pixflow.core.domain.JobSpec;
import dev.pixflow.core.domain.SearchTerms;
import dev.pixflow.core.media.ImageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database indexed by a version that kept a run of CJK characters as one word is indexed again when
 * it is opened by this one (migration V16): its titles are then found by any part.
 */
class SearchIndexUpgradeTest {
    private static final Instant AT = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anIndexOfTheOldWordsIsRebuiltOnOpening() throws Exception {
        Path file = dir.resolve("pixflow.db");
        ImageRecord tower = new ImageDraft(1, AT).title("東京タワーの夜景").build();
        SqlDatabase db = SqliteDatabase.open(file, 2);
        JdbcStores stores = new JdbcStores(db, new SqliteJobQueue(db, Clock.systemUTC(), 3));
        stores.records().create(tower, new JobSpec(tower.id(), List.of()));
        // As the older version wrote the entry, and before it knew of the migration.
        Long doc = db.jdbc().queryForObject("SELECT doc FROM search_docs WHERE image_id = ?", Long.class, tower.id().value());
        for (String table : List.of("image_text", "image_words")) {
            db.jdbc().update("DELETE FROM " + table + " WHERE rowid = ?", doc);
            db.jdbc().update("INSERT INTO " + table + " (rowid, named, described, incidental) VALUES (?, ?, '', '')",
                    doc, "東京タワーの夜景");
        }
        // The schema as V15 left it: the later migrations are undone and forgotten, and run again on opening.
        db.jdbc().update("ALTER TABLE rendition_requests DROP COLUMN removed_at");
        db.jdbc().update("ALTER TABLE rendition_requests DROP COLUMN made");
        db.jdbc().update("DROP TABLE sweep_turns");
        db.jdbc().update("DELETE FROM flyway_schema_history WHERE CAST(version AS INTEGER) >= 16");
        assertThat(search(stores, "タワー")).as("the old entry: one word").isEmpty();
        db.close();

        SqlDatabase reopened = SqliteDatabase.open(file, 2);
        try {
            JdbcStores upgraded = new JdbcStores(reopened, new SqliteJobQueue(reopened, Clock.systemUTC(), 3));
            assertThat(search(upgraded, "タワー")).containsExactly(tower.id());
            assertThat(search(upgraded, "夜景")).containsExactly(tower.id());
        } finally {
            reopened.close();
        }
    }

    private static List<ImageId> search(JdbcStores stores, String q) {
        return stores.search().list(new ImageQuery("anonymous", ImageFilter.NONE, SearchTerms.parse(q), null, 10, Optional.empty()), AT)
                .items().stream().map(ImageRecord::id).toList();
    }
}
