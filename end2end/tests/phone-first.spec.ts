import { test, expect, signInAs, openPage, expectAccessible } from "./fixtures";
import type { Page } from "@playwright/test";

/** Where the page's own heading starts, in CSS pixels from the top of the screen. */
async function headingTop(page: Page): Promise<number> {
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toBeVisible();
  return (await heading.boundingBox())!.y;
}

test("on a small phone the plan's heading starts within the first 200 px, with the menu behind one button", async ({ page }) => {
  // A phone's width in every project, so the story runs on the desktop server too.
  await page.setViewportSize({ width: 360, height: 740 });
  await signInAs(page, "Jens Hansen");
  expect(await headingTop(page)).toBeLessThanOrEqual(200);
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("navigation", { name: "Hovedmenu" })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByRole("navigation", { name: "Hovedmenu" }).getByRole("link", { name: "Dokumenter" })).toBeVisible();
  await expectAccessible(page);
  // Choosing a page closes the menu again.
  await page.getByRole("navigation", { name: "Hovedmenu" }).getByRole("link", { name: "Dokumenter" }).click();
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  await page.setViewportSize({ width: 320, height: 568 });
  await page.goto("/plan");
  expect(await headingTop(page)).toBeLessThanOrEqual(200);
  // The demo notice is in the footer's landmark, not over the page.
  const notice = page.getByRole("note");
  await expect(notice).toHaveCount(1);
  expect(await notice.evaluate((n) => n.closest("footer") !== null && getComputedStyle(n).position !== "fixed")).toBe(true);
});

test("after moving to another page, focus is on the new page's heading", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  // Signing in is a move too.
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeFocused();
  await openPage(page, "Min kontaktperson");
  await expect(page.getByRole("heading", { level: 1, name: "Min kontaktperson" })).toBeFocused();
  // Once the contact has loaded (before that the page has nothing to tab to), the next
  // Tab goes on into the page, not to the footer; the heading kept focus meanwhile.
  await expect(page.getByRole("main").getByRole("link").first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Min kontaktperson" })).toBeFocused();
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
});

test("before signing in, nothing is asked that answers 401, and signing out says so", async ({ page }) => {
  const refused: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 401) refused.push(response.url());
  });
  await page.goto("/plan");
  await expect(page).toHaveURL(/\/login\?next=%2Fplan$/);
  await expect(page.getByRole("button", { name: "Log ind som Jens Hansen" })).toBeVisible();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Log ind som Jens Hansen" })).toBeVisible();
  expect(refused).toEqual([]);

  await page.getByRole("button", { name: "Log ind som Jens Hansen" }).click();
  await expect(page).toHaveURL(/\/plan$/);
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: "Log ud", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Du er logget ud." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Log ind som Jens Hansen" })).toBeVisible();
  expect(refused).toEqual([]);
});

for (const how of ["the button", "Shift three times"] as const) {
  test(`quick exit by ${how} ends the session and leaves for a neutral site`, async ({ page, context }) => {
    // The neutral site is outside this machine: answer for it here, and note that it was asked.
    let left = false;
    await context.route("https://www.dr.dk/**", (route) => {
      left = true;
      return route.fulfill({ contentType: "text/html", body: "<!doctype html><title>DR</title><h1>DR</h1>" });
    });
    await signInAs(page, "Jens Hansen");
    await openPage(page, "Dokumenter");
    const historyBefore = await page.evaluate(() => history.length);
    if (how === "the button") {
      await page.getByRole("button", { name: "Forlad siden" }).click();
    } else {
      for (let i = 0; i < 3; i++) await page.keyboard.press("Shift");
    }
    await expect(page).toHaveURL("https://www.dr.dk/");
    expect(left).toBe(true);
    // The page was replaced, not added to: going back does not return to Samlet's last page.
    expect(await page.evaluate(() => history.length)).toBe(historyBefore);
    // The session is gone on the server.
    await expect.poll(async () => (await page.request.get(new URL("/api/session", test.info().project.use.baseURL).href)).status()).toBe(401);
  });
}

test("the header's buttons keep their contrast when hovered and focused", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  for (const name of ["English", "Forlad siden"]) {
    const button = page.getByRole("button", { name, exact: true });
    await button.hover();
    await expectAccessible(page);
    await button.focus();
    await expectAccessible(page);
  }
});

test("Læs op reads the plan's visible text aloud in Danish and stops when pressed again", async ({ page }) => {
  // What the browser was asked to say, and whether it was told to stop: the voice itself
  // is the device's, which a headless browser does not have.
  await page.addInitScript(() => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    window.speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
      spoken.push({ text: utterance.text, lang: utterance.lang });
    };
  });
  await signInAs(page, "Jens Hansen");
  await expect(page.getByText("3 af 8 delmål er nået")).toBeVisible();
  const read = page.getByRole("button", { name: "Læs op" });
  await read.click();
  await expect(read).toHaveAttribute("aria-pressed", "true");
  const spoken = await page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
  expect(spoken).toHaveLength(1);
  expect(spoken[0].lang).toBe("da-DK");
  expect(spoken[0].text).toContain("Min plan");
  expect(spoken[0].text).toContain("3 af 8 delmål er nået");
  await read.click();
  await expect(read).toHaveAttribute("aria-pressed", "false");
});

test("a citizen who meets the word fuldmagt finds what it means in plain words", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  await openPage(page, "Fuldmagter");
  await expect(page.getByRole("heading", { level: 1, name: "Fuldmagter" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Hvad betyder det?" }).first().click();
  await expect(page).toHaveURL(/\/hjaelp#fuldmagt$/);
  await expect(page.getByRole("heading", { level: 1, name: "Hvad betyder det?" })).toBeVisible();
  await expect(page.locator("#fuldmagt")).toBeInViewport();
  await expect(page.getByText("Din tilladelse til, at en anden")).toBeVisible();
  await expectAccessible(page);
});
