import { test as base, expect, type Page, type TestInfo } from "@playwright/test";
import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";

// Every test fails if the page throws (a wasm panic or a JS error is a broken app) or if
// the Content-Security-Policy blocked anything: the policy and the app must agree.
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      await page.addInitScript(() =>
        document.addEventListener("securitypolicyviolation", (e) =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`),
        ),
      );
      page.on("pageerror", (error) => errors.push(error.message));
      // Playwright's trace recorder fetches `blob:` images (a chosen photo's thumbnail) from
      // inside the page to keep them in the trace; the policy rightly refuses that fetch.
      // The app itself never fetches a blob, and if it did, what it fetched would be missing.
      const traceRecorder = (text: string) =>
        /^Connecting to 'blob:.*connect-src/s.test(text) || text === "CSP violation: connect-src blocked blob";
      page.on("console", (message) => {
        const text = message.text();
        if (message.type() === "error" && !text.includes("Failed to load resource") && !traceRecorder(text)) {
          errors.push(text);
        }
      });
      await use(errors);
      expect(errors, "errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function signInAs(page: Page, name: string) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login(\?.*)?$/);
  await page.getByRole("button", { name: `Log ind som ${name}` }).click();
  // Each person lands where their work is: a citizen on the plan, a relative on their
  // powers of attorney, a caseworker on their citizens.
  await expect(page).toHaveURL(/\/(plan|fuldmagter|sagsbehandler)$/);
}

/** Opens the main menu where it is behind its button (a narrow screen); with the keyboard if asked. */
export async function openMenu(page: Page, keyboard = false) {
  // The Menu button exists once the app knows who is signed in; asked before that (right
  // after a page load), it would look absent, as it is on a wide screen.
  await expect(page.locator(".shell:not(.checking)")).toHaveCount(1);
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  if (!(await menu.isVisible()) || (await menu.getAttribute("aria-expanded")) === "true") return;
  if (keyboard) {
    await menu.focus();
    await page.keyboard.press("Enter");
  } else {
    await menu.click();
  }
  await expect(menu).toHaveAttribute("aria-expanded", "true");
}

/** Goes to a page by the main menu, opening it first where it is behind its button. */
export async function openPage(page: Page, name: string) {
  await openMenu(page);
  await page.getByRole("navigation", { name: "Hovedmenu" }).getByRole("link", { name, exact: true }).click();
  // Most pages' code arrives when first visited (app/src/lazy.rs): the page is there once
  // its heading is, as for a person looking at it.
  await expect(page.locator("main h1")).toBeVisible();
}

/** Signs out with the header's button (in the menu on a narrow screen). */
export async function signOut(page: Page) {
  await openMenu(page);
  await page.getByRole("button", { name: "Log ud", exact: true }).click();
}

/** WCAG 2.1 AA (and 2.2 AA) as axe-core checks it: no violations at all. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`)).toEqual([]);
}

/** Nothing to scroll sideways at the current width. */
export async function expectNoHorizontalScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/**
 * A municipality's case system calling the integration API of this project's server. Its
 * token is made by the server's own sub-command against the same database, as an
 * operator would.
 */
export function caseSystem(testInfo: TestInfo, scopes: string[] = ["appeals"], name = "e2e-sagssystem") {
  const server = process.env.SAMLET_E2E_SERVER ?? "../target/server/samlet-server";
  const data = process.env.SAMLET_E2E_DATA ?? "../target/e2e-data";
  const folder = testInfo.project.name === "desktop" ? "desktop" : "phone";
  const scopeArgs = scopes.flatMap((scope) => ["--scope", scope]);
  // The demo citizens live in Aarhus (751); the systems in the stories serve every life area.
  const reachArgs = ["--municipality", "751", ...["job_education", "health", "social", "housing", "economy", "family"].flatMap((area) => ["--life-area", area])];
  const token = execFileSync(server, ["--data-dir", `${data}/${folder}`, "create-integration-token", "--system", name, ...scopeArgs, ...reachArgs])
    .toString()
    .trim();
  const baseURL = testInfo.project.use.baseURL!;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseURL}/integration/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    async moveAppeal(reference: string, body: { status: string; note?: string; ankestyrelsen_case?: string }) {
      await call("POST", `/appeals/${reference}/status`, body);
    },
    put: (path: string, body: unknown) => call("PUT", path, body),
    get: (path: string) => call("GET", path),
    post: (path: string, body?: unknown) => call("POST", path, body),
    /** A file the API points to (a feed's `file_url`), as bytes. */
    async download(fileURL: string): Promise<Buffer> {
      const response = await fetch(`${baseURL}${fileURL}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, `GET ${fileURL}`).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    },
  };
}

// The same ports as playwright.config.ts: the test OpenID provider, the server without demo
// mode, and the two servers that share one PostgreSQL database.
const ports = (process.env.SAMLET_E2E_PORTS ?? "8091,8092,8093,8094,8095,8096,8097").split(",");
export const providerURL = `http://127.0.0.1:${ports[2]}`;
/** Where the test SMTP server (aiosmtpd) keeps what the servers sent: a maildir. */
export const mailbox = `${process.env.SAMLET_E2E_DATA ?? "../target/e2e-data"}/mailbox`;
/** Where a demo server writes the SMS it would send (one JSON file each), per project. */
export function smsFolder(project: string): string {
  return `${process.env.SAMLET_E2E_DATA ?? "../target/e2e-data"}/${project === "desktop" ? "desktop" : "phone"}/sms`;
}
export const realServerURL = `http://127.0.0.1:${ports[3]}`;

/**
 * Two servers on one PostgreSQL database (as behind a load balancer), when the run has one
 * (`SAMLET_E2E_POSTGRES`, which scripts/test.sh always sets); otherwise undefined.
 */
export const sharedDatabaseServers = process.env.SAMLET_E2E_POSTGRES
  ? ([`http://127.0.0.1:${ports[4]}`, `http://127.0.0.1:${ports[5]}`] as const)
  : undefined;

/**
 * At the test MitID page (oidc-provider): signs in as `subject`, at an assurance level, and
 * optionally asks the provider for a bad ID token.
 */
export async function atTestMitID(
  page: Page,
  subject: string,
  options: {
    level?: "Betydelig" | "Lav";
    token?: "Udløbet ID-token" | "ID-token til en anden tjeneste";
    cpr?: string;
    name?: string;
  } = {},
) {
  await expect(page.getByRole("heading", { name: "Test-MitID (kun til test)" })).toBeVisible();
  expect(page.url().startsWith(providerURL)).toBe(true);
  await page.getByLabel("Bruger-id").fill(subject);
  if (options.cpr) await page.getByLabel("CPR-nummer").fill(options.cpr);
  if (options.name) await page.getByLabel("Fulde navn").fill(options.name);
  await page.getByLabel("Sikringsniveau").selectOption({ label: options.level ?? "Betydelig" });
  if (options.token) await page.getByLabel("Testtilfælde").selectOption({ label: options.token });
  await page.getByRole("button", { name: "Log ind" }).click();
}

/** The text of each page of a PDF (pypdf, from the test tools' Python), with runs of white
 * space (the lines paper wraps) made one space. */
export function pdfPages(pdf: Buffer): string[] {
  const python = process.env.SAMLET_PYTHON ?? `${process.env.HOME}/.local/share/samlet-tools/python/bin/python`;
  const script = "import io, json, sys, pypdf\n" +
    "pages = pypdf.PdfReader(io.BytesIO(sys.stdin.buffer.read())).pages\n" +
    "print(json.dumps([page.extract_text() for page in pages]))";
  const pages: string[] = JSON.parse(execFileSync(python, ["-c", script], { input: pdf }).toString());
  return pages.map((page) => page.replace(/\s+/g, " "));
}
