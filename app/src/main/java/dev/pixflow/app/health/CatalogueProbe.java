package dev.pixflow.app.health;

/**
 * A check that the catalogue answers, for a catalogue that is no JDBC DataSource (DynamoDB): a
 * catalogue wiring provides it, and the health document runs it under its time bound.
 */
@FunctionalInterface
public interface CatalogueProbe {
    void check() throws Exception;
}
