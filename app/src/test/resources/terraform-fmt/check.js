// terraform fmt -check, without terraform: TerraformFmtTest runs this on deploy/aws/terraform.
// terraform fmt is hclwrite's Format (here from @cdktn/hcl-tools, compiled to WebAssembly) followed by
// rewrites of pre-0.12 syntax; that syntax is refused here instead of rewritten.
// Usage: node check.js FILE...; prints what differs, exits 1 if anything does.
const fs = require("fs");
const { format } = require("@cdktn/hcl-tools");

const LEGACY = [
  [/=\s*"\$\{[^"{}]*\}"\s*$/, 'an expression alone in "${...}", which terraform fmt unwraps'],
  [/^\s*type\s*=\s*"[a-z]+"\s*$/, "a quoted type, which terraform fmt unquotes"],
];

(async () => {
  let failed = 0;
  for (const file of process.argv.slice(2)) {
    const source = fs.readFileSync(file, "utf8");
    const formatted = await format(source);
    if (formatted !== source) {
      const have = source.split("\n"), want = formatted.split("\n");
      const line = have.findIndex((l, i) => l !== want[i]);
      console.log(`${file}:${line + 1}: not in terraform fmt style\n  is:        ${have[line]}\n  should be: ${want[line]}`);
      failed++;
    }
    source.split("\n").forEach((l, i) => {
      for (const [pattern, what] of LEGACY) {
        if (pattern.test(l)) {
          console.log(`${file}:${i + 1}: ${what}: ${l.trim()}`);
          failed++;
        }
      }
    });
  }
  process.exit(failed ? 1 : 0);
})();
