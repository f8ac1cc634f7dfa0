package dev.pixflow.bench;

import java.util.Arrays;

/** Median and spread of a handful of timings. */
record Stats(double median, double min, double max) {
    static Stats of(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(median, v[0], v[v.length - 1]);
    }
}
