// The first-load budget: index.html plus the JS, wasm and CSS it loads, compressed with
// brotli as the server sends them, must stay under size-budget.json. Printed every run.
import { readFileSync, readdirSync } from "node:fs";
import { join, extname } from "node:path";
import { brotli } from "./precompress.mjs";

const root = new URL("..", import.meta.url).pathname;
const dist = process.argv[2] ?? join(root, "dist");
const budget = JSON.parse(readFileSync(join(root, "size-budget.json"), "utf8"));

const firstLoad = readdirSync(dist).filter(
  (name) => name === "index.html" || [".js", ".wasm", ".css"].includes(extname(name)),
);
let total = 0;
console.log("First load, brotli:");
for (const name of firstLoad.sort()) {
  const raw = readFileSync(join(dist, name));
  const size = brotli(raw).length;
  total += size;
  console.log(`  ${name.padEnd(48)} ${(raw.length / 1024).toFixed(1).padStart(8)} KB raw ${(size / 1024).toFixed(1).padStart(7)} KB br`);
}
const kb = total / 1024;
console.log(`  ${"total".padEnd(48)} ${"".padStart(15)} ${kb.toFixed(1).padStart(7)} KB br (budget ${budget.first_load_brotli_kb} KB)`);
if (!firstLoad.some((name) => name.endsWith(".wasm"))) {
  console.error("size check: no .wasm in the built app; was it built?");
  process.exit(1);
}
if (kb > budget.first_load_brotli_kb) {
  console.error(`size check: the first load is ${kb.toFixed(1)} KB, over the budget of ${budget.first_load_brotli_kb} KB`);
  process.exit(1);
}
