package dev.pixflow.core.usecase;

/**
 * The sweepers' loop: a bounded batch at a time, so no statement holds the database long, repeated
 * until one comes back short, so a pass still ends with nothing due left.
 */
final class Batches {

    /** One batch; how many of its {@code size} it took. */
    @FunctionalInterface
    interface Batch<E extends Exception> {
        int run() throws E;
    }

    private Batches() {
    }

    /** Runs {@code batch} until it takes fewer than {@code size}; the total taken. */
    static <E extends Exception> int untilShort(int size, Batch<E> batch) throws E {
        int total = 0;
        int taken;
        do {
            taken = batch.run();
            total += taken;
        } while (taken >= size);
        return total;
    }
}
