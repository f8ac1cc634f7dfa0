package dev.pixflow.app.faults;

import java.util.Arrays;
import java.util.Random;

/** The damage real files suffer: flipped bits, cut tails, zeroed or repeated runs, a mangled header. */
final class Mutations {
    private Mutations() {
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int i = 0, n = 1 + random.nextInt(20); i < n; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, 1 + random.nextInt(b.length - 1));
            case 2 -> {
                int from = random.nextInt(b.length);
                Arrays.fill(b, from, Math.min(b.length, from + 1 + random.nextInt(512)), (byte) 0);
            }
            case 3 -> {
                int from = random.nextInt(b.length / 2);
                int len = Math.min(b.length - from, 1 + random.nextInt(1024));
                byte[] grown = Arrays.copyOf(b, b.length + len);
                System.arraycopy(b, from, grown, from + len, b.length - from);
                b = grown;
            }
            case 4 -> {
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    b[random.nextInt(Math.min(64, b.length))] = (byte) random.nextInt(256);
                }
            }
            default -> {
                byte[] junk = new byte[1 + random.nextInt(4096)];
                random.nextBytes(junk);
                int at = random.nextInt(b.length);
                System.arraycopy(junk, 0, b, at, Math.min(junk.length, b.length - at));
            }
        }
        return b;
    }
}
