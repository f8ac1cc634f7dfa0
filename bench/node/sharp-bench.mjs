// The sharp side of `./pixflow bench engine`. Usage:
//   node sharp-bench.mjs A|B|B-clone ROUNDS OUTDIR FILE...   (ROUNDS 0: a pass per "round" line on stdin)
//   node sharp-bench.mjs pipeline PARALLEL OUTDIR FILE...      (a pass per "round" line on stdin)
// A: a 256x256 "inside" thumbnail, JPEG Q80. B: thumb (256 cover, attention), medium (1024 inside)
// and large (2048 inside) from each file: "B" decodes once (to 2048, in memory) and makes the three
// from that, "B-clone" uses sharp's clone() of one input. One warm-up pass, then ROUNDS timed passes,
// all on one thread. Prints one JSON line: images per second (and per CPU-second) and the peak RSS.
// "pipeline" is the sharp side of `./pixflow bench worker`: work B over all files, PARALLEL files at a
// time (each on one libvips thread, as Pixflow's worker threads are), every output to a file of its own.
import sharp from 'sharp';
import path from 'node:path';

sharp.concurrency(1);
sharp.cache(false);

const [mode, roundsText, outDir, ...files] = process.argv.slice(2);
const rounds = Number(roundsText);
const out = (name) => path.join(outDir, name);

async function workA(file) {
  await sharp(file).resize(256, 256, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 }).toFile(out('a.jpg'));
}

async function workB(file, to = out) {
  const { data, info } = await sharp(file)
    .resize(2048, 2048, { fit: 'inside', withoutEnlargement: true })
    .raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  await sharp(data, raw).resize(256, 256, { fit: 'cover', position: sharp.strategy.attention, withoutEnlargement: true })
    .jpeg({ quality: 80 }).toFile(to('thumb.jpg'));
  await sharp(data, raw).resize(1024, 1024, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82 }).toFile(to('medium.jpg'));
  await sharp(data, raw).jpeg({ quality: 82 }).toFile(to('large.jpg'));
}

async function workBClone(file) {
  const input = sharp(file);
  await input.clone().resize(256, 256, { fit: 'cover', position: sharp.strategy.attention, withoutEnlargement: true })
    .jpeg({ quality: 80 }).toFile(out('thumb.jpg'));
  await input.clone().resize(1024, 1024, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82 }).toFile(out('medium.jpg'));
  await input.clone().resize(2048, 2048, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82 }).toFile(out('large.jpg'));
}

if (mode === 'pipeline') {
  // Every file's outputs under names of their own, as Pixflow stores every image's.
  const parallel = rounds;
  const pass = async () => {
    const queue = files.map((f, i) => [f, i]);
    const chain = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [file, i] = next;
        await workB(file, (name) => path.join(outDir, `${i}-${name}`));
      }
    };
    await Promise.all(Array.from({ length: parallel }, chain));
  };
  const readline = await import('node:readline');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'quit') {
      break;
    }
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    await pass();
    const c = process.cpuUsage(c0);
    console.log(line === 'round'
      ? `${files.length} ${Number(process.hrtime.bigint() - t0) / 1e9} ${(c.user + c.system) / 1e6} ${process.resourceUsage().maxRSS}`
      : 'ok');
  }
  process.exit(0);
}

const work = { A: workA, B: workB, 'B-clone': workBClone }[mode];
if (!work) {
  throw new Error('mode is A, B or B-clone');
}
if (rounds === 0) {
  // Stays up, like the engine's workload: one timed pass per "round" line on stdin.
  const readline = await import('node:readline');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === 'quit') {
      break;
    }
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (const f of files) {
      await work(f);
    }
    const c = process.cpuUsage(c0);
    console.log(line === 'round'
      ? `${files.length} ${Number(process.hrtime.bigint() - t0) / 1e9} ${(c.user + c.system) / 1e6} ${process.resourceUsage().maxRSS}`
      : 'ok');
  }
  process.exit(0);
}
for (const f of files) {
  await work(f);
}
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
for (let r = 0; r < rounds; r++) {
  for (const f of files) {
    await work(f);
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({
  imagesPerSecond: (files.length * rounds) / seconds,
  imagesPerCpuSecond: (files.length * rounds) / cpuSeconds,
  peakRssKiB: process.resourceUsage().maxRSS,
  sharp: sharp.versions.sharp,
  libvips: sharp.versions.vips,
}));
