package dev.pixflow.core.recipe;

/** A Gaussian blur of {@code sigma} pixels. */
public record Blur(double sigma) implements Op {
    public Blur {
        Op.range("sigma", sigma, 0.3, 100);
    }

    @Override
    public String name() {
        return "blur";
    }
}
