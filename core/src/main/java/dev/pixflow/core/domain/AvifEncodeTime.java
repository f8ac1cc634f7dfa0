package dev.pixflow.core.domain;

import dev.pixflow.core.media.InvalidInputException;
import dev.pixflow.core.recipe.Output;
import dev.pixflow.core.recipe.Size;

/**
 * How long the AV1 encoder takes, checked before a render starts. The encoder is one call that no
 * render deadline can stop: asked for at a slow speed on a large output (speed 0 at 2600 px took 72 s
 * here), it would hold a render slot, or a worker past its lease, for minutes. Seconds a megapixel by
 * speed, measured on one core of the 2-core server the benchmarks run on (20 MP at speed 4: 45 s; at 5:
 * 32 s; 3.8 MP at 3: 12 s; at 8: 1.1 s), rounded up.
 */
public final class AvifEncodeTime {
    /** What one AVIF encode may be expected to take: half the default render deadline. */
    static final double BUDGET_SECONDS = 15;
    private static final double[] SECONDS_PER_MEGAPIXEL = {20, 12, 6, 3.5, 2.3, 1.6, 0.5, 0.4, 0.35, 0.3};

    private AvifEncodeTime() {
    }

    /** Whether the encoder makes an AVIF of {@code size} at the output's speed within the budget. */
    static boolean inTime(Output output, Size size) {
        return seconds(speed(output), size) <= BUDGET_SECONDS;
    }

    /** Refuses (400, {@code speed}) an AVIF output the encoder would take too long over. */
    static void check(Output output, Size size) {
        int speed = speed(output);
        double seconds = seconds(speed, size);
        if (seconds <= BUDGET_SECONDS) {
            return;
        }
        int fastEnough = speed;
        while (fastEnough < SECONDS_PER_MEGAPIXEL.length && seconds(fastEnough, size) > BUDGET_SECONDS) {
            fastEnough++;
        }
        String remedy = fastEnough < SECONDS_PER_MEGAPIXEL.length ? "ask for speed " + fastEnough + " or more, or a smaller output"
                : "ask for an output of at most %.0f megapixels".formatted(BUDGET_SECONDS / SECONDS_PER_MEGAPIXEL[9]);
        throw new InvalidInputException("speed", "an AVIF of %dx%d at speed %d would take the encoder about %.0f s, which"
                .formatted(size.width(), size.height(), speed, seconds) + " no render deadline can stop; " + remedy);
    }

    private static int speed(Output output) {
        return output.speed() == null ? Output.DEFAULT_AVIF_SPEED : output.speed();
    }

    private static double seconds(int speed, Size size) {
        return size.pixels() / 1e6 * SECONDS_PER_MEGAPIXEL[speed];
    }
}
