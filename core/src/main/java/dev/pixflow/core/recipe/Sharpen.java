package dev.pixflow.core.recipe;

/** Unsharp masking with a Gaussian of {@code sigma} pixels (about 0.5 to 1.5 after a downscale). */
public record Sharpen(double sigma) implements Op {
    public Sharpen {
        Op.range("sigma", sigma, 0.3, 10);
    }

    @Override
    public String name() {
        return "sharpen";
    }
}
