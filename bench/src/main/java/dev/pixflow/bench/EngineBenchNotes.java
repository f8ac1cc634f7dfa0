package dev.pixflow.bench;

/** What the engine benchmark's figures mean, written under them. */
final class EngineBenchNotes {
    private EngineBenchNotes() {
    }

    static final String WHY = """

            ### Where the targets are missed, and why

            - **The library, not the engine.** On work A the in-process engine runs at the speed of
              `vipsthumbnail` of the same libvips (the table above): calling libvips through
              java.lang.foreign adds nothing measurable. The distance to sharp is between libvips
              versions: Pixflow uses Debian 12's libvips 8.14.1, sharp 0.34 brings its own 8.17.3,
              in which resampling and convolution gained SIMD paths (8.15) and the attention crop got
              cheaper. Measured on this machine per operation (50 runs each, on the 1278x720
              `jpeg_small_starfish`): JPEG decode 7.9 ms with 8.14 against 7.6 ms in sharp, JPEG
              encode 10.2 against 10.1 ms, a Lanczos resize to 1024 px 13.5 against 6.1 ms, an
              attention crop to 256x256 55.8 against 8.7 ms. Decoding and encoding, most of work A,
              are even; resizing, most of work B's difference, is twice as fast in 8.17.
            - **What the engine does about it.** JPEGs decode at the largest DCT shrink still as large
              as the output needs (vips_thumbnail stops one factor earlier; sharp's default is the
              same as here), streaming (sequential access) with no memory copy when one variant reads
              the decode; of the three variants the thumbnail is made from the medium and the medium
              from the large, so no resize starts from more pixels than needed; resizes use a box
              filter for whole factors and Lanczos 3 for the rest, as sharp does; attention is
              measured on a 128 px copy. With these, both sides do the same passes.
            - **Work B.** The 1.2x target assumed sharp decodes once per output, as with `clone()`:
              the engine beats that route (table). sharp's faster route decodes once into memory,
              like the engine, and then its three resizes run on 8.17.
            - **ImageMagick.** The ratio includes a process start per file, which is how `convert`
              is used; `vipsthumbnail` of libvips 8.14, a C program, stands about as far from it.
            - **What would close the gaps:** libvips 8.15 or later under the same binding (its enums
              and operations are looked up by name, nothing in Pixflow is tied to 8.14).
            """;
}
