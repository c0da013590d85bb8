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

test("on a slow line, a page whose code arrives late still takes the focus to its heading, unless the citizen has moved on", async ({
  page,
}) => {
  // Every page's code takes three seconds: a cheap phone on a poor line.
  await page.route(CHUNK, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await route.continue();
  });
  await signInAs(page, "Jens Hansen");
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeVisible();

  // A screen reader says where the person is once the page is there.
  await openMenu(page);
  await page.getByRole("link", { name: "Min kontaktperson" }).click();
  const heading = page.getByRole("heading", { level: 1, name: "Min kontaktperson" });
  await expect(heading).toBeVisible({ timeout: 15_000 });
  await expect(heading).toBeFocused();

  // A citizen who started using the page meanwhile keeps their place: the heading arriving
  // late does not pull the focus away from what they reached with Tab.
  await openMenu(page);
  // Min log's code is fetched late by the prefetch, so it is still on its way here.
  await page.getByRole("link", { name: "Min log" }).click();
  await page.keyboard.press("Tab");
  const reached = await page.evaluate(() => document.activeElement?.outerHTML ?? "");
  expect(reached).not.toBe("");
  await expect(page.getByRole("heading", { level: 1, name: "Min log" })).toBeVisible({ timeout: 15_000 });
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => document.activeElement?.outerHTML ?? "")).toBe(reached);
});

test("on a slow line, a page says what it is fetching while its code and its data are on their way", async ({ page }) => {
  let delay = 0;
  const slow = async (route: import("@playwright/test").Route) => {
    await new Promise((resolve) => setTimeout(resolve, delay));
    await route.continue();
  };
  await page.route(CHUNK, slow);
  await page.route("**/api/contact", slow);
  await signInAs(page, "Jens Hansen");
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeVisible();

  // The page's code is on its way: the page says so, in a status a screen reader reads.
  delay = 3_000;
  await openMenu(page);
  await page.getByRole("link", { name: "Min kontaktperson" }).click();
  await expect(page.locator("main").getByRole("status")).toHaveText("Henter siden …");

  // The code is here, the contact still on its way: the page's heading, and what it fetches.
  await expect(page.getByRole("heading", { level: 1, name: "Min kontaktperson" })).toBeVisible({ timeout: 10_000 });
  await expect(page.locator("main").getByRole("status")).toHaveText("Henter din kontaktperson …");
  await expect(page.getByText("Du har én kontaktperson i kommunen.", { exact: false })).toBeVisible({ timeout: 10_000 });
});
