import { defineConfig } from "@playwright/test";

// scripts/test.sh builds the release app and server, picks a free port and a throw-away
// data folder, and passes them here. Run alone, it falls back to a local build.
const port = Number(process.env.SAMLET_E2E_PORT ?? 8091);
const server = process.env.SAMLET_E2E_SERVER ?? "../target/server/samlet-server";
const data = process.env.SAMLET_E2E_DATA ?? "../target/e2e-data";
const dist = process.env.SAMLET_E2E_DIST ?? "../dist";
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "da-DK",
    timezoneId: "Europe/Copenhagen",
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here.
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } } },
    { name: "phone-360", use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } },
  ],
  webServer: {
    command: `"${server}" --demo --bind 127.0.0.1 --port ${port} --data-dir "${data}" --dist-dir "${dist}"`,
    url: `${baseURL}/api/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
