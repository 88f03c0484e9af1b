// Build the explorer bundle into graphsvc/static/explorer/ (run: npm ci && npm run build).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "graphsvc", "static", "explorer");
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, "src", "main.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "eof",
  outfile: join(out, "app.js"),
  logLevel: "warning",
});
for (const name of ["index.html", "app.css"]) {
  copyFileSync(join(here, "src", name), join(out, name));
}
for (const name of ["index.html", "app.css", "app.js"]) {
  console.log(`${name}\t${(statSync(join(out, name)).size / 1024).toFixed(1)} KiB`);
}
