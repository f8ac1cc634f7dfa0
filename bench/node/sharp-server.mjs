// The sharp side of `./pixflow bench delivery` (b): a minimal http server that renders, on every
// request, a 512 px wide WebP (quality 80) from one JPEG on disk, as Pixflow's /t/w:512,q:80,f:webp
// does with its result cache off. sharp's defaults otherwise (its thread pool, libvips threads), its
// operation cache off as Pixflow's is. Usage: node sharp-server.mjs PORT FILE
import http from 'node:http';
import sharp from 'sharp';

sharp.cache(false);

const [portText, file] = process.argv.slice(2);

const server = http.createServer(async (req, res) => {
  try {
    const out = await sharp(file)
      .resize({ width: 512, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    res.writeHead(200, { 'Content-Type': 'image/webp', 'Content-Length': out.length });
    res.end(out);
  } catch (e) {
    res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end(String(e));
  }
});
server.keepAliveTimeout = 65000;
server.listen(Number(portText), '127.0.0.1', () => console.log(`listening on ${portText}`));
