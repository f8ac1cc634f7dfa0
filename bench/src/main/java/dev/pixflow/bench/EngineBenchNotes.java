package dev.pixflow.bench;

/** What the engine benchmark's figures mean, written under them. */
final class EngineBenchNotes {
    private EngineBenchNotes() {
    }

    static final String WHY = """

            ### Where the targets are missed, and why

            - **Not the library version.** The engine pointed at sharp's own libvips 8.17.3 renders work A
              at the speed it has on 8.18.7 (54.3 to 55.1 against 53.8 to 55.0 images/s, 30 files, one
              session).
            - **The pixel work is even.** Decode at the DCT shrink, resize and encode, called through the
              same binding with nothing around them, took 12.5 ms an image on the 19 upright JPEGs without a
              profile, where sharp's whole job took 13.2 ms. The engine's render of the same files took 14.0
              ms: the rest is per render, not per pixel. The header is read first (the loader, the EXIF
              fields, the profile) from an open of its own before the scaled decode opens the file again,
              the operations are built, the images freed, and libvips' per-thread buffers released after
              each render (a pool thread holds nothing between renders), about 1.5 ms together.
            - **JIT.** Over its first two hundred or so renders the JVM's compilers took about a third of the
              engine's CPU; after that, 3% (a profile with async-profiler of the running workload). The
              warm-up (above) covers that, as a server's first minute does; the images per CPU-second
              column still counts what is left.
            - **What the engine does.** JPEGs decode at the largest DCT shrink still as large as the output
              needs (vips_thumbnail stops one factor earlier; sharp's default is the same as here), also
              when they carry a colour profile or are CMYK (converted on the scaled pixels) or EXIF turns
              them (then scaled to the largest variant and turned); decodes stream (sequential access),
              with no memory copy when one variant reads them; of the three
              variants the thumbnail is made from the medium and the medium from the large, so no resize
              starts from more pixels than needed; the thumbnail's cover-scaled pixels are made once, into
              memory, then cut by attention (sharp, reading its shared decode from memory, scales them
              again for the cut; it copies them first only when they stream from a file).
            - **Work B.** The 1.15x target assumed sharp decodes once per output, as with `clone()`: the
              engine beats that route by far (table). sharp's faster route decodes once into memory, like
              the engine, and then both do the same passes on the same library code.
            - **ImageMagick.** The ratio includes a process start per file, which is how `convert` is used.
            """;
}
