#!/usr/bin/env bash
# Rebuilds the web UI's bundled Uppy (ui/vendor/uppy/uppy.min.js and its licences) from the exact
# versions in package-lock.json. Not part of the Maven build or the tests: the built files are
# committed and served as they are, so no machine needs Node to build or run Pixflow.
# Needs node and npm. node_modules lives in a temporary directory, never in the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../app/src/main/resources/static/ui/vendor/uppy"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$out"
(cd "$work" && ./node_modules/.bin/esbuild entry.js --bundle --format=esm --minify --target=es2020 \
    --legal-comments=none --metafile=meta.json --outfile="$out/uppy.min.js" --log-level=warning)

# Every package that ended up in the bundle, with its licence text.
(cd "$work" && node -e '
const fs = require("fs"), path = require("path");
const inputs = Object.keys(JSON.parse(fs.readFileSync("meta.json")).inputs);
const dirs = [...new Set(inputs.map((f) => f.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)).filter(Boolean).map((m) => m[1]))].sort();
let text = "Third-party code bundled in uppy.min.js (built by ui-vendor/build.sh)\n";
for (const d of dirs) {
  const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json")));
  const lic = fs.readdirSync(d).find((f) => /^licen[cs]e/i.test(f));
  text += `\n======== ${pkg.name} ${pkg.version} (${pkg.license}) ========\n`;
  text += lic ? fs.readFileSync(path.join(d, lic), "utf8").trim() + "\n" : `(no licence file in the package; package.json says ${pkg.license})\n`;
}
fs.writeFileSync(process.argv[1], text);
' "$out/LICENSES.txt")
echo "built $(wc -c < "$out/uppy.min.js") bytes into $out"
