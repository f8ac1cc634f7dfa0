#!/usr/bin/env bash
# Rebuilds the web UI's bundled libraries from the exact versions in package-lock.json: Uppy
# (ui/vendor/uppy/uppy.min.js) and oidc-client-ts (ui/vendor/oidc-client-ts/oidc-client-ts.min.js),
# each with the licences of what went into it. Not part of the Maven build or the tests: the built
# files are committed and served as they are, so no machine needs Node to build or run Pixflow.
# Needs node and npm. node_modules lives in a temporary directory, never in the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
vendor="$here/../app/src/main/resources/static/ui/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$here/oidc-entry.js" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error)

# bundle NAME ENTRY: one minified ES module, $vendor/NAME/NAME.min.js, and LICENSES.txt beside it.
bundle() {
  local name="$1" entry="$2" out="$vendor/$1"
  mkdir -p "$out"
  (cd "$work" && ./node_modules/.bin/esbuild "$entry" --bundle --format=esm --minify --target=es2020 \
      --legal-comments=none --metafile="meta-$name.json" --outfile="$out/$name.min.js" --log-level=warning)

  # Every package that ended up in the bundle, with its licence text.
  (cd "$work" && node -e '
const fs = require("fs"), path = require("path");
const [meta, bundleName, target] = process.argv.slice(1);
const inputs = Object.keys(JSON.parse(fs.readFileSync(meta)).inputs);
const dirs = [...new Set(inputs.map((f) => f.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)).filter(Boolean).map((m) => m[1]))].sort();
let text = `Third-party code bundled in ${bundleName} (built by ui-vendor/build.sh)\n`;
for (const d of dirs) {
  const pkg = JSON.parse(fs.readFileSync(path.join(d, "package.json")));
  const lic = fs.readdirSync(d).find((f) => /^licen[cs]e/i.test(f));
  text += `\n======== ${pkg.name} ${pkg.version} (${pkg.license}) ========\n`;
  text += lic ? fs.readFileSync(path.join(d, lic), "utf8").trim() + "\n" : `(no licence file in the package; package.json says ${pkg.license})\n`;
}
fs.writeFileSync(target, text);
' "meta-$name.json" "$name.min.js" "$out/LICENSES.txt")
  echo "built $(wc -c < "$out/$name.min.js") bytes into $out"
}

bundle uppy entry.js
bundle oidc-client-ts oidc-entry.js
