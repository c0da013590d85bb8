import { defineConfig } from "@playwright/test";

// scripts/test.sh builds the release app and server, picks two free ports and a throw-away
// data folder, and passes them here. Run alone, it falls back to a local build.
// Each project (desktop, phone) gets a server and database of its own, so a story that
// changes state (a visit, a saved text) runs once per database.
const [desktopPort, phonePort] = (process.env.SAMLET_E2E_PORTS ?? "8091,8092").split(",").map(Number);
const server = process.env.SAMLET_E2E_SERVER ?? "../target/server/samlet-server";
const data = process.env.SAMLET_E2E_DATA ?? "../target/e2e-data";
const dist = process.env.SAMLET_E2E_DIST ?? "../dist";
const url = (port: number) => `http://127.0.0.1:${port}`;

function startServer(port: number, name: string) {
  return {
    command: `"${server}" --demo --bind 127.0.0.1 --port ${port} --data-dir "${data}/${name}" --dist-dir "${dist}"`,
    url: `${url(port)}/api/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  };
}

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  use: {
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
    { name: "desktop", use: { baseURL: url(desktopPort), viewport: { width: 1280, height: 800 } } },
    {
      name: "phone-360",
      use: { baseURL: url(phonePort), viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
    },
  ],
  webServer: [startServer(desktopPort, "desktop"), startServer(phonePort, "phone")],
});
