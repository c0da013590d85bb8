import { expect, openMenu, signInAs, test } from "./fixtures";

// Each page but the login and the plan is a chunk of its own (app/src/lazy.rs, scripts/split/),
// named by the build `split_<page>-<hash>.wasm`, with the code pages share in `chunk_<n>-<hash>.wasm`.
const CHUNK = /\/(split_|chunk_)[^/]*\.wasm$/;

test("on a line that drops the pages' code, the plan still opens and a page that cannot load says so and loads on a second try", async ({
  page,
}) => {
  let refuse = true;
  const asked: string[] = [];
  await page.route(CHUNK, (route) => {
    asked.push(new URL(route.request().url()).pathname);
    return refuse ? route.abort("connectionreset") : route.continue();
  });
  // The login page and the plan need no chunk: with every chunk refused they work whole.
  await signInAs(page, "Jens Hansen");
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible();

  await openMenu(page);
  await page.getByRole("link", { name: "Min kontaktperson" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Siden kunne ikke hentes — prøv igen.");
  expect(asked.length).toBeGreaterThan(0);

  // The line is back: "Prøv igen" fetches the page's code, and the page is there.
  refuse = false;
  await alert.getByRole("button", { name: "Prøv igen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Min kontaktperson" })).toBeVisible();
  await expect(page.getByText("Siden kunne ikke hentes")).toHaveCount(0);
});

test("once the plan is drawn, every page's code is fetched while the citizen reads, so the next page does not wait for it", async ({
  page,
  context,
}) => {
  const chunks: string[] = Object.values(
    (await (await page.request.get("/chunks.json")).json()) as Record<string, string[]>,
  ).flat();
  const fetched = new Set<string>();
  page.on("requestfinished", (request) => {
    const name = new URL(request.url()).pathname.slice(1);
    if (CHUNK.test(request.url())) fetched.add(name);
  });
  await signInAs(page, "Jens Hansen");
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeVisible();
  await expect.poll(() => chunks.filter((name) => !fetched.has(name)), { timeout: 20_000 }).toEqual([]);

  // Offline now: the pages' code is already here, so they open (their data then fails
  // with the ordinary message and a way to try again).
  await context.setOffline(true);
  await openMenu(page);
  await page.getByRole("link", { name: "Dokumenter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mine dokumenter" })).toBeVisible();
  await expect(page.getByText("Siden kunne ikke hentes")).toHaveCount(0);
  await context.setOffline(false);
});
