package dev.pixflow.core.domain;

/**
 * A rendition name asked for under another recipe than the one it already holds. Its URL
 * ({@code /i/{id}/{name}}) is delivered as immutable for a year, so browsers and CDNs keep the bytes
 * they once had: a name that changed its recipe would show old and new pictures side by side for
 * as long. Only a request that failed, or was removed, before anything was made under it (no bytes
 * were ever delivered under it) gives its name up.
 */
public class RenditionNameTakenException extends RuntimeException {
    private final String name;
    private final String recipe;

    /** @param recipe the canonical recipe the name holds */
    public RenditionNameTakenException(String name, String recipe) {
        super("the rendition name '" + name + "' holds the recipe " + recipe + ", and its URL is cached as immutable;"
                + " ask for the new recipe under another name");
        this.name = name;
        this.recipe = recipe;
    }

    public String name() {
        return name;
    }

    public String recipe() {
        return recipe;
    }
}
