// Bundle the browser code into static/dist/:
//   table.js (+ table.css)  the participant's table page (static/src/table.js)
//   gallery.js              the participant's voting gallery
//   overview.js             the facilitator's live overview
//   projector.js            the projector's big screen
//   npm run build           once (minified, with source maps)
//   npm run build -- --dev  once, not minified
//   npm run watch           rebuild on every change
// Each bundle and the other static files the pages load also get a `.br` and a `.gz`
// copy beside them (not with --dev/--watch); workshop/assets.py serves the one accepted.
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

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

// Served beside the bundles, not made by esbuild.
const OTHER_STATIC = ["static/css/app.css", "static/js/join.js", "static/js/forms.js", "static/js/results.js", "static/favicon.svg"];

await mkdir(path.join(root, "static", "dist"), { recursive: true });
if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  const result = await esbuild.build(options);
  const served = Object.keys(result.metafile.outputs).filter((file) => !file.endsWith(".map"));
  served.push(...OTHER_STATIC);
  for (const file of served) {
    const line = dev ? await sizeOf(file) : await compress(file);
    console.log(line);
  }
}

async function sizeOf(file) {
  return `${file}  ${kb((await stat(path.join(root, file))).size)}`;
}

// Write file.br (brotli, best) and file.gz (gzip -9) beside the file; return its sizes.
async function compress(file) {
  const full = path.join(root, file);
  const data = await readFile(full);
  const br = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gz = zlib.gzipSync(data, { level: 9 });
  await writeFile(`${full}.br`, br);
  await writeFile(`${full}.gz`, gz);
  return `${file}  ${kb(data.length)}  gzip ${kb(gz.length)}  brotli ${kb(br.length)}`;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
