import type { Browser, Page, TestInfo } from "@playwright/test";
import { test, expect, signInAs, expectAccessible, expectNoHorizontalScroll } from "./fixtures";

/** Another person at another device: a browser context of their own. */
async function anotherPerson(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ ...testInfo.project.use, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

function payslip(): Buffer {
  return Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}

test("relative uploads a payslip on behalf of citizen, cannot open the appeal, and loses access when the citizen revokes", async ({ page, browser }, testInfo) => {
  // Jens gives his sister Anna the right to see and send documents for him.
  await signInAs(page, "Jens Hansen");
  await page.getByRole("link", { name: "Fuldmagter" }).click();
  await page.getByLabel("Hvem skal have adgang?").selectOption({ label: "Anna Jensen" });
  await page.getByLabel("Se mine dokumenter").check();
  await page.getByLabel("Sende dokumenter for mig").check();
  await page.getByRole("button", { name: "Giv adgang" }).click();
  const given = page.getByRole("region", { name: "Adgang du har givet" });
  await expect(given).toContainText("Anna Jensen");
  await expect(given).toContainText("Venter på accept");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Anna accepts, and acts for Jens under a banner that says so.
  const anna = await anotherPerson(browser, testInfo);
  await signInAs(anna, "Anna Jensen");
  await anna.getByRole("link", { name: "Fuldmagter" }).click();
  const received = anna.getByRole("region", { name: "Adgang du har fået" });
  await received.getByRole("button", { name: "Acceptér" }).click();
  await received.getByRole("button", { name: "Handl for Jens Hansen" }).click();
  await expect(anna.getByText(/^Du handler for Jens Hansen\./)).toBeVisible();
  await anna.getByRole("link", { name: "Dokumenter" }).click();
  await anna.getByLabel("Vælg filer").setInputFiles({ name: "lønseddel_oktober.pdf", mimeType: "application/pdf", buffer: payslip() });
  await anna.getByRole("button", { name: "Send", exact: true }).click();
  await expect(anna.getByRole("region", { name: "Send dokumenter" })).toContainText(/✓ Modtaget/);
  await expectAccessible(anna);
  // The grant does not cover the appeal.
  await anna.getByRole("link", { name: "Afgørelser" }).click();
  await expect(anna.getByRole("alert")).toHaveText("Du har ikke adgang til dette.");

  // Jens sees the upload as Anna's, on his behalf, and Anna's reads in Min log.
  await page.getByRole("link", { name: "Dokumenter" }).click();
  const upload = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "lønseddel oktober" }) });
  await expect(upload).toContainText("fra Anna Jensen på dine vegne");
  await page.getByRole("link", { name: "Min log" }).click();
  await expect(page.getByText("Anna Jensen (pårørende) sendte et dokument på dine vegne: lønseddel oktober")).toBeVisible();
  await expect(page.getByText("Anna Jensen (pårørende) så dine dokumenter").first()).toBeVisible();
  await expectAccessible(page);

  // Jens revokes; Anna's next click is refused, with the reason and a way back.
  await page.getByRole("link", { name: "Fuldmagter" }).click();
  page.once("dialog", (dialog) => dialog.accept());
  await given.getByRole("button", { name: "Tilbagekald" }).click();
  await expect(given).toContainText("Tilbagekaldt");
  await anna.getByRole("link", { name: "Dokumenter" }).click();
  await expect(anna.getByRole("alert")).toContainText("Du har ikke længere adgang til at handle for denne person");
  await anna.getByRole("button", { name: "Til dine egne sider" }).click();
  await expect(anna).toHaveURL(/\/fuldmagter$/);
  await expect(anna.getByText(/Du handler for/)).toHaveCount(0);
  await expect(anna.getByRole("region", { name: "Adgang du har fået" })).toContainText("Tilbagekaldt");
});

test("caseworker previews a citizen's pages under a banner, cannot change anything, and the citizen sees the preview in Min log", async ({ page, browser }, testInfo) => {
  await signInAs(page, "Mette Larsen");
  await page.getByRole("link", { name: "Mine borgere" }).click();
  await page.getByRole("button", { name: "Se som Jens Hansen" }).click();
  await expect(page.getByText("Forhåndsvisning: du ser siderne, som Jens Hansen ser dem. Intet kan ændres herfra.")).toBeVisible();
  await expect(page.getByText("Plan for Jens Hansen")).toBeVisible();
  await expectAccessible(page);
  // A write is refused by the server, not just hidden.
  await page.getByLabel("Det vigtigste for mig").fill("Skrevet af sagsbehandleren");
  await page.getByRole("button", { name: "Gem", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("Du ser siden som borgeren ser den. Her kan intet ændres.");
  await page.getByRole("button", { name: "Afslut forhåndsvisning" }).click();
  await expect(page).toHaveURL(/\/sagsbehandler$/);

  const jens = await anotherPerson(browser, testInfo);
  await signInAs(jens, "Jens Hansen");
  await expect(jens.getByLabel("Det vigtigste for mig")).not.toHaveValue("Skrevet af sagsbehandleren");
  await jens.getByRole("link", { name: "Min log" }).click();
  await expect(jens.getByText("Mette Larsen (sagsbehandler) åbnede en forhåndsvisning af dine sider")).toBeVisible();
  await expect(jens.getByText("Mette Larsen (sagsbehandler) så din plan").first()).toBeVisible();
  // Filtered to someone else, Mette's entries are gone.
  await jens.getByLabel("Person").selectOption({ label: "Mette Larsen" });
  await jens.getByLabel("Fra dato").fill("2000-01-01");
  await jens.getByRole("button", { name: "Vis" }).click();
  await expect(jens.getByText(/Mette Larsen \(sagsbehandler\)/).first()).toBeVisible();
  await expect(jens.locator(".access-log")).not.toContainText("Anna Jensen");
});
