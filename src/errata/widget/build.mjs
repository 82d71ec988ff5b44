// Builds dist/widget.js (one minified IIFE, every catalogue in strings/ included) and
// dist/manifest.json, which the server reads. Run `npm run build` after changing src/ or
// strings/, and commit dist/ (tests check it is current: they build into another folder
// with `node build.mjs --out DIR` and compare). Nothing written here depends on the build
// machine's Node.js or zlib: the server makes the gzip and brotli copies it serves
// (src/errata/widget/bundle.py), and `python -m errata.widget.size` measures them.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import * as esbuild from "esbuild";

const here = new URL(".", import.meta.url).pathname;
const read = (path) => readFileSync(here + path, "utf8");
const at = process.argv.indexOf("--out");
const out = at > 0 ? process.argv[at + 1].replace(/\/?$/, "/") : here + "dist/";
const sha = (data) => createHash("sha256").update(data).digest("hex").slice(0, 16);

const languages = readdirSync(here + "strings")
  .filter((name) => name.endsWith(".json"))
  .map((name) => name.slice(0, -5))
  .sort();
const catalogues = Object.fromEntries(languages.map((l) => [l, JSON.parse(read(`strings/${l}.json`))]));
const reference = Object.keys(catalogues.en).sort().join();
for (const [language, strings] of Object.entries(catalogues)) {
  if (Object.keys(strings).sort().join() != reference) {
    throw new Error(`strings/${language}.json must have exactly the keys of strings/en.json`);
  }
}

const css = await esbuild.transform(read("src/widget.css"), { loader: "css", minify: true });
const result = await esbuild.build({
  entryPoints: [here + "src/main.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome114", "firefox125", "safari17"],
  legalComments: "none",
  charset: "utf8",
  write: false,
  define: { CATALOGUES: JSON.stringify(catalogues), CSS: JSON.stringify(css.code.trim()) },
});
const code = result.outputFiles[0].contents;
mkdirSync(out, { recursive: true });
writeFileSync(out + "widget.js", code);
const manifest = {
  version: sha(code),
  strings_version: sha(JSON.stringify(catalogues)),
  languages,
  bytes: code.length,
};
writeFileSync(out + "manifest.json", JSON.stringify(manifest, null, 2) + "\n");
console.log(`widget.js ${manifest.bytes} B (compressed sizes: python -m errata.widget.size)`);
