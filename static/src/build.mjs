// Bundle the browser code into static/dist/:
//   table.js (+ table.css)  the participant's table page (static/src/table.js)
//   gallery.js              the participant's voting gallery
//   overview.js             the facilitator's live overview
//   projector.js            the projector's big screen
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
  entryPoints: {
    table: "static/src/table.js",
    gallery: "static/src/gallery.js",
    overview: "static/src/overview.js",
    projector: "static/src/projector.js",
  },
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
