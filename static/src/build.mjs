// Bundle the browser code: static/src/table.js -> static/dist/table.js (+ table.css).
//   npm run build           once (minified, with source maps)
//   npm run build -- --dev  once, not minified
//   npm run watch           rebuild on every change
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const watch = process.argv.includes("--watch");
const dev = watch || process.argv.includes("--dev");

const options = {
  absWorkingDir: root,
  entryPoints: { table: "static/src/table.js" },
  outdir: "static/dist",
  bundle: true,
  format: "iife",
  target: ["es2020"],
  minify: !dev,
  sourcemap: true,
  legalComments: "linked",
  logLevel: watch ? "info" : "warning",
  metafile: true,
};

await mkdir(path.join(root, "static", "dist"), { recursive: true });
if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  const result = await esbuild.build(options);
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith(".map")) console.log(`${file}  ${(info.bytes / 1024).toFixed(1)} KB`);
  }
}
