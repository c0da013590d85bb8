import type { Browser, Page, TestInfo } from "@playwright/test";
import { test, expect, signInAs, openMenu, expectAccessible, expectNoHorizontalScroll } from "./fixtures";

/** Another person at another device: a browser context of their own. */
async function anotherPerson(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ ...testInfo.project.use, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

/** "Beskeder" in the menu, whatever its unread count says. */
async function openMessages(page: Page) {
  await openMenu(page);
  await page.getByRole("navigation", { name: "Hovedmenu" }).getByRole("link", { name: /^Beskeder/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Beskeder" })).toBeVisible();
}

test("citizen writes to the contact, the caseworker reads and answers, and the answer appears without a reload", async ({ page, browser }, testInfo) => {
  const subject = `Kortere dage ${testInfo.project.name}`;
  await signInAs(page, "Jens Hansen");
  // The menu says there is something unread: Mette's answer in the demo.
  await openMenu(page);
  await expect(page.getByRole("navigation", { name: "Hovedmenu" }).getByRole("link", { name: /^Beskeder/ })).toContainText("ulæst");
  await openMessages(page);
  await expect(page.getByRole("link", { name: "Praktikken i Netto" })).toBeVisible();

  // A new message: who answers and how soon, and what to do if it cannot wait.
  await page.getByText("Ny besked").click();
  await expect(page.getByText("Mette Larsen svarer normalt inden for 2 arbejdsdage.")).toBeVisible();
  await expect(page.getByText(/ring 112/)).toBeVisible();
  await page.getByLabel("Emne (valgfrit)").fill(subject);
  const body = page.getByLabel("Besked", { exact: true });
  await body.fill("Hej Mette\nKan jeg møde kl. 10 i næste uge? Se https://aarhus.dk/praktik.");
  await expect(page.getByText("4928 tegn tilbage")).toBeVisible();
  await page.getByText("Vedhæft dokumenter, du allerede har sendt (valgfrit)").click();
  await page.getByLabel("Samlet afgørelse om din indsats").check();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await page.getByRole("button", { name: "Send besked" }).click();

  // The thread, with the message as written: its line break kept, the link a link.
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByRole("link", { name: "https://aarhus.dk/praktik" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Samlet afgørelse om din indsats" })).toBeVisible();
  await expect(page.getByText("Ikke læst endnu")).toBeVisible();
  await expect(page.getByText("Venter på svar fra kommunen")).toBeVisible();

  // Mette sees it waiting under Jens, opens his messages in her preview and reads it.
  const mette = await anotherPerson(browser, testInfo);
  await signInAs(mette, "Mette Larsen");
  await expect(mette.getByRole("listitem").filter({ hasText: "Jens Hansen" })).toContainText("ulæst");
  await mette.getByRole("button", { name: "Se som Jens Hansen" }).click();
  // Her preview has started (the menu closes as the page changes).
  await expect(mette).toHaveURL(/\/plan$/);
  await expect(mette.getByRole("region", { name: "Afslut forhåndsvisning" })).toBeVisible();
  await openMessages(mette);
  await mette.getByRole("link", { name: subject }).click();
  await expect(mette.getByText("Kan jeg møde kl. 10 i næste uge?")).toBeVisible();

  // Jens's open page learns that she read it, without a reload.
  await expect(page.getByText(/^Læst af Mette Larsen/)).toBeVisible();

  // She answers as herself; the answer appears on Jens's open page and is announced.
  await mette.getByLabel("Dit svar").fill("Ja, det er fint. Vi ses kl. 10.");
  await mette.getByRole("button", { name: "Send besked" }).click();
  await expect(mette.getByText("Venter på svar fra borgeren")).toBeVisible();
  await expect(page.getByText("Ja, det er fint. Vi ses kl. 10.")).toBeVisible();
  await expect(page.getByText("Mette Larsen, Koordinerende sagsbehandler").last()).toBeVisible();
  await expect(page.locator("[aria-live=polite]")).toHaveText("Ny besked fra Mette Larsen");
  await expect(page.getByText("Venter på svar fra dig")).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await mette.context().close();
});

test("a reply being written survives a reload and is cleared when sent", async ({ page }) => {
  await signInAs(page, "Fatima Ali");
  await openMessages(page);
  await page.getByRole("link", { name: "Hvornår hører jeg fra SOSU-skolen?" }).click();
  // Lars answered while Sofie is away.
  await expect(page.getByText("Lars Kristensen, Koordinerende sagsbehandler")).toBeVisible();
  const reply = page.getByLabel("Dit svar");
  await reply.fill("Tak, Lars. Jeg venter");
  // Saved a moment after typing stops; a reload finds it.
  const saved = page.waitForResponse((r) => r.url().endsWith("/draft") && r.request().method() === "PUT");
  await saved;
  await page.reload();
  await expect(page.getByLabel("Dit svar")).toHaveValue("Tak, Lars. Jeg venter");
  await page.getByLabel("Dit svar").fill("Tak, Lars. Jeg venter på skolen.");
  await page.getByRole("button", { name: "Send besked" }).click();
  await expect(page.getByText("Tak, Lars. Jeg venter på skolen.")).toBeVisible();
  await expect(page.getByLabel("Dit svar")).toHaveValue("");
  await page.reload();
  await expect(page.getByLabel("Dit svar")).toHaveValue("");
});
