import { defineConfig } from "@playwright/test";

// scripts/test.sh builds the release app and server, picks seven free ports, a throw-away
// data folder and a throw-away PostgreSQL cluster, and passes them here. Run alone, it falls
// back to a local build (and leaves out the servers that need PostgreSQL).
// Each project (desktop, phone) gets a server and database of its own, so a story that
// changes state (a visit, a saved text) runs once per database. Both sign in through a real
// OpenID Connect provider (oidc-provider.mjs) as well as the demo login; a third server runs
// without demo mode, as a municipality would; two more share one PostgreSQL database; and a
// real SMTP server receives the e-mails.
const [desktopPort, phonePort, providerPort, realPort, sharedPort, otherSharedPort, smtpPort] = (
  process.env.SAMLET_E2E_PORTS ?? "8091,8092,8093,8094,8095,8096,8097"
)
  .split(",")
  .map(Number);
const server = process.env.SAMLET_E2E_SERVER ?? "../target/server/samlet-server";
const smtpServer = process.env.SAMLET_SMTP_SERVER ?? `${process.env.HOME}/.local/share/samlet-tools/python/bin/aiosmtpd`;
const data = process.env.SAMLET_E2E_DATA ?? "../target/e2e-data";
const dist = process.env.SAMLET_E2E_DIST ?? "../dist";
const url = (port: number) => `http://127.0.0.1:${port}`;
const providerURL = url(providerPort);
const clientSecret = "e2e-client-secret";

function startServer(port: number, name: string, demo = true, database?: string) {
  // Every test signs in from 127.0.0.1, so the per-IP sign-in limit is raised here; the
  // limit itself is tested in server/tests/web_surface.rs.
  // Without a database URL, the server keeps SQLite in its data folder. The servers with a
  // database of their own send e-mail to the test SMTP server and look for notices to send
  // twice a second, so a story sees its notice arrive.
  const mail = database ? "" : ` --smtp-url smtp://127.0.0.1:${smtpPort} --notify-every-ms 500`;
  const flags = `${demo ? "--demo" : ""} --oidc-issuer ${providerURL} --sign-in-per-minute 1000${database ? ` --database-url "${database}"` : ""}${mail}`;
  return {
    command: `"${server}" ${flags} --bind 127.0.0.1 --port ${port} --data-dir "${data}/${name}" --dist-dir "${dist}"`,
    // The real server refuses to start without a key to hash CPR numbers with.
    env: { ...process.env, SAMLET_OIDC_CLIENT_SECRET: clientSecret, SAMLET_CPR_KEY: "e2e-only-cpr-key-not-for-any-real-deployment" } as Record<string, string>,
    url: `${url(port)}/api/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  };
}

// Two servers on one PostgreSQL database and one document folder, as behind a load balancer
// (the server creates the database): a message written through one must reach a browser
// connected to the other. Only with a database to run on; scripts/test.sh always gives one.
// They do not race to load the demo data into the empty database: Playwright (1.64, pinned
// in package.json) starts the webServer entries one at a time, each once the one before
// answers at its url, and a demo server answers only after loading the data. Started
// together, they would still load it once: the server loads it under the database's write
// lock, and its clean-up of unknown files in the folder comes after that (tried: five pairs
// started at once each ended with the 8 demo accounts and the 3 letters' files).
const postgres = process.env.SAMLET_E2E_POSTGRES;
if (postgres && !(sharedPort && otherSharedPort)) {
  throw new Error("SAMLET_E2E_POSTGRES needs seven ports in SAMLET_E2E_PORTS");
}
const sharedDatabaseServers = postgres
  ? [
      startServer(sharedPort, "shared", true, postgres),
      startServer(otherSharedPort, "shared", true, postgres),
    ]
  : [];

export default defineConfig({
  testDir: "./tests",
  // The longest stories (the whole appeal) take 25 s on a loaded 2-core machine.
  timeout: 60_000,
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
  webServer: [
    // A real SMTP server (aiosmtpd, from PyPI through scripts/tools.sh) that keeps every
    // e-mail in a maildir the stories read.
    {
      command: `"${smtpServer}" -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox "${data}/mailbox"`,
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    },
    {
      command: "node oidc-provider.mjs",
      env: {
        ...process.env,
        OIDC_PORT: String(providerPort),
        OIDC_CLIENT_SECRET: clientSecret,
        OIDC_REDIRECT_URIS: [desktopPort, phonePort, realPort, sharedPort, otherSharedPort]
          .filter(Boolean)
          .map((p) => `${url(p)}/auth/callback`)
          .join(","),
      } as Record<string, string>,
      url: `${providerURL}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore" as const,
      stderr: "pipe" as const,
    },
    startServer(desktopPort, "desktop"),
    startServer(phonePort, "phone"),
    startServer(realPort, "real", false),
    ...sharedDatabaseServers,
  ],
});
