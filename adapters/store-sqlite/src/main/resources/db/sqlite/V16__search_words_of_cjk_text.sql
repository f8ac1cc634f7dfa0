-- Chinese, Japanese and Korean text is now indexed as its pairs of characters (SearchText), where a
-- run of such characters was one word: every image's entry is written again. Emptying the entries
-- (their index rows go with them, trigger search_docs_gone) lets the start-up indexing of images
-- without one rebuild them all.
DELETE FROM search_docs;
