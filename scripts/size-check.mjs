// The size budgets (size-budget.json), brotli as the server sends the files, printed every run:
// - first load: what `/login` and `/plan` load before they are drawn: index.html, the CSS, the
//   main JS with the chunk loader, and the main wasm. Neither page loads a page chunk; the
//   end-to-end test `route-chunks.spec.ts` proves it.
// - each page chunk (scripts/split/ makes one per lazy page, app/src/lazy.rs), and all of the
//   app: the first load plus every chunk, which the app prefetches once the first page is drawn.
import { readFileSync, readdirSync } from "node:fs";
import { join, extname } from "node:path";
import { brotli } from "./precompress.mjs";

const root = new URL("..", import.meta.url).pathname;
const dist = process.argv[2] ?? join(root, "dist");
const budget = JSON.parse(readFileSync(join(root, "size-budget.json"), "utf8"));

const kb = (bytes) => bytes / 1024;
const line = (name, raw, size) =>
  console.log(`  ${name.padEnd(56)} ${kb(raw).toFixed(1).padStart(8)} KB raw ${kb(size).toFixed(1).padStart(7)} KB br`);
const measure = (names) => {
  let total = 0;
  for (const name of names.sort()) {
    const raw = readFileSync(join(dist, name));
    const size = brotli(raw).length;
    total += size;
    line(name, raw.length, size);
  }
  return total;
};

const files = readdirSync(dist);
const mainWasm = files.filter((name) => name.endsWith("_bg.wasm"));
if (mainWasm.length !== 1) {
  console.error(`size check: expected one main wasm (…_bg.wasm) in ${dist}, found ${mainWasm.length}; was the app built?`);
  process.exit(1);
}
const chunks = files.filter((name) => extname(name) === ".wasm" && !name.endsWith("_bg.wasm"));
if (chunks.length === 0) {
  console.error("size check: no page chunks beside the main wasm; was the app built with scripts/tools.sh's build_app?");
  process.exit(1);
}
console.log("First load of /login and /plan, brotli:");
const first = kb(
  measure(files.filter((name) => name === "index.html" || [".js", ".css"].includes(extname(name)) || name.endsWith("_bg.wasm"))),
);
console.log(`  ${"first load".padEnd(56)} ${"".padStart(15)} ${first.toFixed(1).padStart(7)} KB br (budget ${budget.first_load_brotli_kb} KB)`);
console.log("Page chunks, brotli:");
const chunked = kb(measure(chunks));
const all = first + chunked;
console.log(`  ${"all of the app".padEnd(56)} ${"".padStart(15)} ${all.toFixed(1).padStart(7)} KB br (budget ${budget.all_pages_brotli_kb} KB)`);

let over = false;
if (first > budget.first_load_brotli_kb) {
  console.error(`size check: the first load is ${first.toFixed(1)} KB, over the budget of ${budget.first_load_brotli_kb} KB`);
  over = true;
}
if (all > budget.all_pages_brotli_kb) {
  console.error(`size check: all of the app is ${all.toFixed(1)} KB, over the budget of ${budget.all_pages_brotli_kb} KB`);
  over = true;
}
process.exit(over ? 1 : 0);
