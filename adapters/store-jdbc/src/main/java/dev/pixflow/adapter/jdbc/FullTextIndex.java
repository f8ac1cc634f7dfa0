package dev.pixflow.adapter.jdbc;

import dev.pixflow.core.media.ImageId;
import dev.pixflow.core.domain.SearchDocument;
import dev.pixflow.core.domain.SearchTerms;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * A database's full-text index of the images: how an entry is written, and the pieces of SQL a search
 * is made of ({@link JdbcListing} puts them together). Every piece appends its values to {@code args}
 * in the order its placeholders appear; a search's SQL is {@link #with}, then the score (made of
 * {@link #wordIn} and {@link #prefixIn}), {@link #from}, the owner's and filter's conditions, and
 * {@link #matching}.
 */
public interface FullTextIndex {

    /** Writes or replaces the image's entry, in the caller's transaction. */
    void put(JdbcTemplate jdbc, ImageId id, SearchDocument doc);

    /** {@code SELECT id ...} of images without an entry, with one placeholder: the LIMIT. */
    String unindexedImages();

    /** A common table expression before the search's SELECT, or nothing. */
    String with(SearchTerms terms, List<Object> args);

    /** The search's FROM: the images as {@code i}, joined to what matched. */
    String from();

    /** Conditions (each starting with {@code AND}) that keep only the matching images, or nothing. */
    String matching(SearchTerms terms, List<Object> args);

    /** A condition: the stemmed {@code word} occurs in the entry's {@code column} (named, described or incidental). */
    String wordIn(String column, String word, List<Object> args);

    /** A condition: a word of the entry's {@code column} starts with {@code prefix}. */
    String prefixIn(String column, String prefix, List<Object> args);
}
