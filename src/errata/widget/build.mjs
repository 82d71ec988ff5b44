// Builds the widget's two parts and dist/manifest.json, which the server reads:
// dist/widget.js, the script every page loads (one minified IIFE), and dist/dialog.js, the
// dialog with its styles and strings (an ES module that widget.js imports on first use,
// served at /widget.js?part=dialog; decision 23). Every catalogue in strings/ is included,
// split between the two. Run `npm run build` after changing src/ or strings/, and commit
// dist/ (tests check it is current: they build into another folder with
// `node build.mjs --out DIR` and compare). Nothing written here depends on the build
// machine's Node.js or zlib: the server makes the gzip and brotli copies it serves
// (src/errata/widget/bundle.py), and `python -m errata.widget.size` measures them.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import * as esbuild from "esbuild";
import { minify } from "terser";

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

// The strings widget.js shows itself (the link, the selection button, the corrections
// notice, the notice when the dialog cannot load); the others load with the dialog.
const OWN = ["report", "report_passage", "correction", "clarification", "update", "editors_note", "unavailable", "retry"];
const pick = (keep) =>
  Object.fromEntries(
    languages.map((l) => [l, Object.fromEntries(Object.entries(catalogues[l]).filter(([k]) => keep(k)))]),
  );

const minifiedCss = async (name) =>
  JSON.stringify((await esbuild.transform(read(`src/${name}`), { loader: "css", minify: true })).code.trim());
// esbuild bundles and minifies; terser then compresses further (about 150 B gzipped off
// widget.js, which every page loads: docs/widget.md, "What the budget holds").
const build = async (entry, format, define) => {
  const result = await esbuild.build({
    entryPoints: [here + "src/" + entry],
    bundle: true,
    minify: true,
    format,
    target: ["chrome114", "firefox125", "safari17"],
    legalComments: "none",
    charset: "utf8",
    write: false,
    define,
  });
  const { code } = await minify(result.outputFiles[0].text, {
    module: format == "esm",
    ecma: 2020,
    compress: { passes: 2 },
  });
  return Buffer.from(code);
};

const dialog = await build("dialog.js", "esm", {
  STRINGS: JSON.stringify(pick((k) => !OWN.includes(k))),
  CSS: await minifiedCss("dialog.css"),
});
// widget.js names the dialog it was built with, so a browser never pairs it with a stale
// cached copy: a new dialog is a new URL.
const widget = await build("main.js", "iife", {
  CATALOGUES: JSON.stringify(pick((k) => OWN.includes(k))),
  CSS: await minifiedCss("widget.css"),
  DIALOG: JSON.stringify(sha(dialog)),
});
mkdirSync(out, { recursive: true });
writeFileSync(out + "widget.js", widget);
writeFileSync(out + "dialog.js", dialog);
const manifest = {
  version: sha(widget),
  strings_version: sha(JSON.stringify(catalogues)),
  languages,
  bytes: widget.length,
  dialog: { version: sha(dialog), bytes: dialog.length },
};
writeFileSync(out + "manifest.json", JSON.stringify(manifest, null, 2) + "\n");
console.log(
  `widget.js ${manifest.bytes} B, dialog.js ${dialog.length} B (compressed sizes: python -m errata.widget.size)`,
);
