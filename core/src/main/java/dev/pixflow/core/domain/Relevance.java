package dev.pixflow.core.domain;

/**
 * How relevance is scored, identically in both stores: for every query word, the weight of each class
 * of the document it occurs in (title and tags 4, description and alt text 2, file name, overlay text
 * and camera 1), summed. Ties go to the newer image.
 *
 * <p>Not bm25 (SQLite) or ts_rank_cd over the whole corpus: those weigh a word by how rare it is in
 * the corpus, so every upload shifts every score, and a cursor holding a score would skip or repeat
 * images on the next page. This score depends only on the image and the query, so it stays put and
 * paging by (score, time, id) is exact; and an integer compares equal in both stores.
 */
public final class Relevance {
    public static final int NAMED = 4;
    public static final int DESCRIBED = 2;
    public static final int INCIDENTAL = 1;

    private Relevance() {
    }
}
