// Trunk's post_build hook (Trunk.toml): puts the page chunks and the loader that
// scripts/split/wasm-bindgen made into Trunk's staging folder, optimised with wasm-opt and
// named by content hash like Trunk's own files (so the server caches them for a year), and
// rewires the names: the loader imports Trunk's hashed main JS, the main JS imports the
// hashed loader, index.html's integrity hash of the main JS is recomputed and the loader is
// preloaded with it. Writes chunks.json: split point -> chunk files (for the size check).
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";

const stage = process.env.TRUNK_STAGING_DIR;
const release = process.env.TRUNK_PROFILE === "release";
const target = process.env.CARGO_TARGET_DIR || path.join(process.env.TRUNK_SOURCE_DIR, "target");
const splitDir = path.join(target, "wasm-bindgen", release ? "release" : "debug", "wasm-split");
const hash = (bytes) => crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 16);
const sri = (bytes) => "sha384-" + crypto.createHash("sha384").update(bytes).digest("base64");
const fail = (message) => {
  console.error(`scripts/split/hook.mjs: ${message}`);
  process.exit(1);
};

const loaderSource = path.join(splitDir, "__wasm_split.js");
if (!fs.existsSync(loaderSource)) fail(`no ${loaderSource}: build with scripts/tools.sh's build_app, which splits the wasm`);
const mains = fs.readdirSync(stage).filter(
  (f) => f.endsWith(".js") && fs.readFileSync(path.join(stage, f), "utf8").includes("__wasm_split.js"),
);
if (mains.length !== 1) fail(`expected one JS importing __wasm_split.js, found ${mains.join(", ") || "none"}`);
const mainJs = mains[0];

let loader = fs.readFileSync(loaderSource, "utf8").replace('"./__MAIN_JS__.js"', JSON.stringify("./" + mainJs));
// A chunk that cannot be fetched (a dropped line) is no error of the app: the page says so and
// offers to try again (app/src/lazy.rs). The loader logs it as an error; make it a warning.
const logged = "console.error(e);";
if (!loader.includes(logged)) fail("the loader no longer logs a failed load as expected; check scripts/split/hook.mjs");
loader = loader.replace(logged, 'console.warn("a page\'s code could not be fetched; the page offers to try again", e);');
const renamed = {};
for (const file of fs.readdirSync(splitDir)) {
  if (!file.endsWith(".wasm") || file === "main.wasm") continue;
  const source = path.join(splitDir, file);
  let optimised = source;
  if (release) {
    optimised = path.join(splitDir, file.replace(/\.wasm$/, ".opt.tmp"));
    execFileSync("wasm-opt", ["-Oz", source, "-o", optimised], { stdio: "inherit" });
  }
  const bytes = fs.readFileSync(optimised);
  const name = file.replace(/\.wasm$/, `-${hash(bytes)}.wasm`);
  fs.writeFileSync(path.join(stage, name), bytes);
  renamed[file.replace(/\.wasm$/, "")] = name.replace(/\.wasm$/, "");
  const before = loader;
  loader = loader.split(`"./${file}"`).join(`"./${name}"`);
  if (before === loader) fail(`the loader does not name ${file}`);
}
const loaderName = `__wasm_split-${hash(loader)}.js`;
fs.writeFileSync(path.join(stage, loaderName), loader);

// The wasm's import module stays "./__wasm_split.js" (only a key in the imports object); the
// JS import specifier is what the browser fetches.
const mainPath = path.join(stage, mainJs);
const oldMain = fs.readFileSync(mainPath);
const imports = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
const main = oldMain.toString("utf8").replace(imports, `$1$2./${loaderName}$2`);
if (main === oldMain.toString("utf8")) fail(`no import of ./__wasm_split.js in ${mainJs}`);
fs.writeFileSync(mainPath, main);

const htmlPath = path.join(stage, "index.html");
let html = fs.readFileSync(htmlPath, "utf8");
if (!html.includes(sri(oldMain))) fail(`index.html has no integrity hash of ${mainJs}`);
html = html.split(sri(oldMain)).join(sri(Buffer.from(main)));
html = html.replace(
  "</head>",
  `<link rel="modulepreload" crossorigin="anonymous" href="/${loaderName}" integrity="${sri(Buffer.from(loader))}"></head>`,
);
fs.writeFileSync(htmlPath, html);

const manifest = JSON.parse(fs.readFileSync(path.join(splitDir, "__wasm_split_manifest.json"), "utf8"));
for (const key of Object.keys(manifest)) manifest[key] = manifest[key].map((f) => (renamed[f] ?? f) + ".wasm");
fs.writeFileSync(path.join(stage, "chunks.json"), JSON.stringify(manifest, null, 1));
console.log(`wasm-split: ${Object.keys(renamed).length} chunks, loader ${loaderName}`);
