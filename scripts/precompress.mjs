// Writes a brotli (.br) and a gzip (.gz) copy beside each text or wasm file in the built
// app, so the server sends compressed files without compressing on every request.
// Node's zlib is used because it is already here for the tests: no extra tool to install.
import { readdirSync, readFileSync, writeFileSync, renameSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const COMPRESSIBLE = new Set([".html", ".js", ".css", ".wasm", ".svg", ".json", ".webmanifest"]);

export function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

function writeAtomic(path, bytes) {
  writeFileSync(`${path}.tmp`, bytes);
  renameSync(`${path}.tmp`, path);
}

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (COMPRESSIBLE.has(extname(name))) {
      const bytes = readFileSync(path);
      writeAtomic(`${path}.br`, brotli(bytes));
      writeAtomic(`${path}.gz`, gzipSync(bytes, { level: 9 }));
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? "dist";
  walk(dist);
  console.log(`precompressed ${dist}`);
}
