// Writes the README's performance table from bench/results/*.json, between the
// `performance:start` and `performance:end` markers. Run by bench/run.sh after the figures.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const read = (name) => {
  const path = `${root}bench/results/${name}.json`;
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
};
const mark = (ok) => (ok ? "✓" : "✗ (misses the target)");
const rows = [];
const machines = new Set();

const first = read("first-load");
if (first) {
  machines.add(JSON.stringify(first.machine));
  rows.push(`| First load, brotli | ${first.brotli_kb} KB | ≤ ${first.budget_kb} KB | ${mark(first.brotli_kb <= first.budget_kb)} | ${first.date} |`);
  for (const page of first.pages) {
    const ok = page.performance >= 95 && page.accessibility === 100;
    rows.push(
      `| Lighthouse mobile, ${page.page} | performance ${page.performance}, accessibility ${page.accessibility}, LCP ${(page.lcp_ms / 1000).toFixed(1)} s, TBT ${page.tbt_ms} ms | performance ≥ 95, accessibility 100 | ${mark(ok)} | ${first.date} |`,
    );
  }
}
for (const throughput of [read("throughput-sqlite"), read("throughput-postgres")]) {
  if (!throughput) continue;
  machines.add(JSON.stringify(throughput.machine));
  const { overview, trivial } = throughput;
  rows.push(
    `| Plan overview, ${throughput.citizens.toLocaleString("en")} citizens, ${throughput.connections} connections (${throughput.database}) | ${overview.rps} req/s, p99 ${overview.p99_ms} ms; /api/session ${throughput.session_only.rps} req/s: ratio ${throughput.session_ratio}; /api/healthz ${trivial.rps} req/s | ratio to /api/session ≥ 0.5, p99 < 20 ms | ${mark(throughput.meets_target)} | ${throughput.date} |`,
  );
}
const growth = read("growth-sqlite");
if (growth) {
  machines.add(JSON.stringify(growth.machine));
  rows.push(
    `| Plan overview latency, ${growth.small.citizens.toLocaleString("en")} → ${growth.large.citizens.toLocaleString("en")} citizens (${growth.database}) | ${growth.small.mean_ms} ms → ${growth.large.mean_ms} ms; ratio ${growth.ratio} | ratio < 1.5 | ${mark(growth.meets_target)} | ${growth.date} |`,
  );
}
const crash = read("crash");
if (crash) {
  const { documents, additions } = crash.acknowledged;
  rows.push(
    `| Crash safety: SIGKILL ${crash.kills} times during uploads and appeal additions | ${documents} uploads and ${additions} additions got a 2xx; ${crash.lost} lost, ${crash.torn_files} torn files of ${crash.stored_files} | nothing lost | ${mark(crash.lost === 0 && crash.torn_files === 0)} | ${crash.date} |`,
  );
}
const writers = read("writers");
if (writers) {
  machines.add(JSON.stringify(writers.machine));
  const up = writers.concurrent_uploads;
  const at = (n) => `${n}: ${up[n].mb_per_second} MB/s (moto busy ${Math.round(up[n].moto_cpu_share * 100)} % of a core)`;
  rows.push(
    `| Concurrent 10 MB uploads, two servers, PostgreSQL, S3 (moto) | ${at("1")}; ${at("4")}; ${at("16")}; 4 ÷ 1 = ${writers.speedup_at_4} | 4 ÷ 1 ≥ 1.5 | ${mark(writers.meets_targets.uploads_at_4)} | ${writers.date} |`,
  );
  const small = writers.small_write_under_uploads;
  rows.push(
    `| Saving own texts while ${small.uploaders} citizens upload without pause | p50 ${small.under_uploads.p50_ms} ms, p99 ${small.under_uploads.p99_ms} ms (idle: p99 ${small.idle.p99_ms} ms) | p99 < 50 ms | ${mark(writers.meets_targets.small_write_p99)} | ${writers.date} |`,
  );
  const kinds = Object.entries(writers.mixed.kinds)
    .map(([kind, f]) => `${kind} ${f.per_second}/s, p99 ${f.p99_ms} ms`)
    .join("; ");
  const check = writers.mixed.check;
  rows.push(
    `| Mixed load ${writers.mixed.seconds} s: 64 readers, 8 uploaders, 4 appellants, 2 case systems | ${kinds}; acknowledged and found: ${check.documents_in_database}/${check.documents_acknowledged} documents (${check.documents_in_bucket} in the bucket), ${check.additions_acknowledged} additions, ${check.goals_acknowledged} goals | nothing lost | ${mark(writers.meets_targets.nothing_lost)} | ${writers.date} |`,
  );
}
const exported = read("export");
if (exported) {
  machines.add(JSON.stringify(exported.machine));
  rows.push(
    `| Download all data, ${exported.documents_mb} MB of documents (issue 26) | growth ${exported.growth_mb} MB, ${exported.mb_per_s} MB/s | peak growth < ${exported.target_growth_mb} MB | ${mark(exported.meets_target)} | ${exported.date} |`,
  );
}
const machine = [...machines].map((m) => JSON.parse(m)).map((m) => `${m.cpus} × ${m.cpu}, ${m.memory_gib} GiB`).join("; ");
const table = [
  `Measured on: ${machine || "not measured yet"}.`,
  "",
  "| What | Figure | Target | | Date |",
  "|---|---|---|---|---|",
  ...rows,
].join("\n");
const readme = `${root}README.md`;
const text = readFileSync(readme, "utf8");
const start = "<!-- performance:start -->";
const end = "<!-- performance:end -->";
if (!text.includes(start) || !text.includes(end)) {
  console.error("README.md has no performance markers");
  process.exit(1);
}
const updated = text.replace(new RegExp(`${start}[\\s\\S]*${end}`), `${start}\n${table}\n${end}`);
writeFileSync(readme, updated);
console.log(table);
