import type { Browser, Page, TestInfo } from "@playwright/test";
import { test, expect, signInAs, openPage, openMenu, atTestMitID, expectAccessible, expectNoHorizontalScroll } from "./fixtures";

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
  await openPage(page, "Fuldmagter");
  // By identity, as Digital Fuldmagt does: Anna's name and (in the demo, invented) CPR number.
  await page.getByLabel("Personens fulde navn").fill("Anna Jensen");
  await page.getByLabel("Personens CPR-nummer").fill("070790-1234");
  await page.getByLabel("Se mine dokumenter").check();
  await page.getByLabel("Sende dokumenter for mig").check();
  await page.getByRole("button", { name: "Giv adgang" }).click();
  // Said, and the focus moves to the message, not left on the button.
  const confirmation = page.getByRole("status").filter({ hasText: "Anna Jensen har fået adgang." });
  await expect(confirmation).toBeFocused();
  const given = page.getByRole("region", { name: "Adgang du har givet" });
  await expect(given).toContainText("Anna Jensen");
  await expect(given).toContainText("Venter på accept");
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Anna lands on her own start page, where the grant waits; she accepts, and acts for
  // Jens under a banner that says so.
  const anna = await anotherPerson(browser, testInfo);
  await signInAs(anna, "Anna Jensen");
  await expect(anna).toHaveURL(/\/fuldmagter$/);
  // Jens's grant by name: other citizens' grants to Anna may wait beside it.
  await anna.getByRole("region", { name: "Venter på dig" }).getByRole("listitem").filter({ hasText: "Jens Hansen" }).getByRole("button", { name: "Acceptér" }).click();
  const received = anna.getByRole("region", { name: "Adgang du har fået" });
  await received.getByRole("button", { name: "Handl for Jens Hansen" }).click();
  await expect(anna.getByText(/^Du handler for Jens Hansen\./)).toBeVisible();
  await openPage(anna, "Dokumenter");
  await anna.getByLabel("Vælg filer").setInputFiles({ name: "lønseddel_oktober.pdf", mimeType: "application/pdf", buffer: payslip() });
  await anna.getByRole("button", { name: "Send", exact: true }).click();
  await expect(anna.getByRole("region", { name: "Send dokumenter" })).toContainText(/✓ Modtaget/);
  await expectAccessible(anna);
  // The grant does not cover the appeal: the menu does not offer it, and the server
  // refuses it all the same when asked directly.
  await openMenu(anna);
  const annasMenu = anna.getByRole("navigation", { name: "Hovedmenu" });
  await expect(annasMenu.getByRole("link", { name: "Dokumenter", exact: true })).toHaveCount(1);
  await expect(annasMenu.getByRole("link", { name: "Afgørelser", exact: true })).toHaveCount(0);
  // Nor the messages: no page in the menu, and a 403 from the API.
  await expect(annasMenu.getByRole("link", { name: /^Beskeder/ })).toHaveCount(0);
  expect((await anna.request.get("/api/messages")).status()).toBe(403);
  await anna.goto("/afgoerelser");
  await expect(anna.getByRole("alert")).toHaveText("Du har ikke adgang til dette.");

  // Jens sees the upload as Anna's, on his behalf, and Anna's reads in Min log.
  await openPage(page, "Dokumenter");
  const upload = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "lønseddel oktober" }) });
  await expect(upload).toContainText("fra Anna Jensen på dine vegne");
  await openPage(page, "Min log");
  await expect(page.getByText("Anna Jensen (pårørende) sendte et dokument på dine vegne: lønseddel oktober")).toBeVisible();
  await expect(page.getByText("Anna Jensen (pårørende) så dine dokumenter").first()).toBeVisible();
  await expectAccessible(page);

  // Jens revokes; Anna's next click is refused, with the reason and a way back.
  await openPage(page, "Fuldmagter");
  page.once("dialog", (dialog) => dialog.accept());
  await given.getByRole("button", { name: "Tilbagekald" }).click();
  await expect(given).toContainText("Tilbagekaldt");
  await openPage(anna, "Dokumenter");
  await expect(anna.getByRole("alert")).toContainText("Du har ikke længere adgang til at handle for denne person");
  await anna.getByRole("button", { name: "Til dine egne sider" }).click();
  await expect(anna).toHaveURL(/\/fuldmagter$/);
  await expect(anna.getByText(/Du handler for/)).toHaveCount(0);
  await expect(anna.getByRole("region", { name: "Adgang du har fået" })).toContainText("Tilbagekaldt");
});

test("caseworker previews a citizen's pages under a banner, cannot change anything, and the citizen sees the preview in Min log", async ({ page, browser }, testInfo) => {
  await signInAs(page, "Mette Larsen");
  await openPage(page, "Mine borgere");
  await page.getByRole("button", { name: "Se som Jens Hansen" }).click();
  await expect(page.getByText("Forhåndsvisning: du ser siderne, som Jens Hansen ser dem. Intet kan ændres herfra.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Jens Hansens plan" })).toBeVisible();
  await expectAccessible(page);
  // The citizen's own words are shown to their contact, as the plan promises, and the
  // fields are read-only from the start, with no save button to press.
  const ownWords = page.getByLabel("Det vigtigste for mig");
  await expect(ownWords).toHaveAttribute("readonly", "");
  await expect(page.getByText("Du kan læse teksterne her, men ikke ændre dem.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Gem", exact: true })).toHaveCount(0);
  // Nor is there a form to send documents.
  await openPage(page, "Dokumenter");
  await expect(page.getByRole("heading", { name: "Dokumenter hos kommunen" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Send dokumenter" })).toHaveCount(0);
  // And a write is refused by the server, not just not offered.
  const refused = await page.request.put("/api/plan/own-texts", {
    data: { what_matters: "Skrevet af sagsbehandleren", meeting_notes: "", version: 0 },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe("preview_read_only");
  await page.getByRole("button", { name: "Afslut forhåndsvisning" }).click();
  await expect(page).toHaveURL(/\/sagsbehandler$/);

  const jens = await anotherPerson(browser, testInfo);
  await signInAs(jens, "Jens Hansen");
  await expect(jens.getByLabel("Det vigtigste for mig")).not.toHaveValue("Skrevet af sagsbehandleren");
  await openPage(jens, "Min log");
  // (Other stories in the same database may have had her preview Jens too.)
  await expect(jens.getByText("Mette Larsen (sagsbehandler) åbnede en forhåndsvisning af dine sider").first()).toBeVisible();
  // One line for her visit; the plan and the contact are asked for at the same time, so
  // either may come first in it.
  await expect(jens.getByText(/^Mette Larsen \(sagsbehandler\) så .*din plan/).first()).toBeVisible();
  // Filtered to someone else, Mette's entries are gone.
  // The filter is folded away until asked for.
  await jens.getByText("Vis kun nogle af posterne").click();
  await jens.getByLabel("Person").selectOption({ label: "Mette Larsen" });
  await jens.getByLabel("Fra dato").fill("2000-01-01");
  await jens.getByRole("button", { name: "Vis" }).click();
  await expect(jens.getByText(/Mette Larsen \(sagsbehandler\)/).first()).toBeVisible();
  await expect(jens.locator(".access-log")).not.toContainText("Anna Jensen");
});

test("citizen gives access by CPR number, and the relative signs in with MitID for the first time, finds it waiting and acts", async ({ page, browser }, testInfo) => {
  // Jens signs in with MitID and gives access to Birgit, whom Samlet has never seen.
  await page.goto("/login");
  await page.getByRole("link", { name: "Log ind med MitID" }).click();
  await atTestMitID(page, "demo:jens");
  await expect(page).toHaveURL(/\/plan$/);
  await openPage(page, "Fuldmagter");
  await page.getByLabel("Personens fulde navn").fill("Birgit Holm");
  // A number that is not a date is refused in words, next to the field.
  await page.getByLabel("Personens CPR-nummer").fill("310290-1234");
  await page.getByLabel("Se min plan og min kontaktperson").check();
  await page.getByRole("button", { name: "Giv adgang" }).click();
  await expect(page.getByText("Skriv et CPR-nummer med 10 cifre")).toBeVisible();
  await expect(page.getByLabel("Personens CPR-nummer")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Personens CPR-nummer").fill("120365-1234");
  await page.getByRole("button", { name: "Giv adgang" }).click();
  const given = page.getByRole("region", { name: "Adgang du har givet" });
  await expect(given).toContainText("Birgit Holm");
  await expect(given).toContainText("Venter på accept");
  await expectAccessible(page);

  // Birgit signs in with MitID, which vouches for her CPR number: she comes in as a
  // relative, lands on her start page, and the grant waits there for her.
  const birgit = await anotherPerson(browser, testInfo);
  await birgit.goto("/login");
  await birgit.getByRole("link", { name: "Log ind med MitID" }).click();
  await atTestMitID(birgit, `mitid:birgit-${testInfo.project.name}`, { cpr: "1203651234", name: "Birgit Holm" });
  await expect(birgit).toHaveURL(/\/fuldmagter$/);
  await expect(birgit.getByRole("heading", { level: 1, name: "Fuldmagter" })).toBeFocused();
  const waiting = birgit.getByRole("region", { name: "Venter på dig" });
  await expect(waiting).toContainText("Jens Hansen");
  await expectAccessible(birgit);
  await waiting.getByRole("button", { name: "Acceptér" }).click();
  await birgit.getByRole("region", { name: "Adgang du har fået" }).getByRole("button", { name: "Handl for Jens Hansen" }).click();
  await expect(birgit.getByText(/^Du handler for Jens Hansen\./)).toBeVisible();
  await expect(birgit.getByRole("heading", { level: 1, name: "Jens Hansens plan" })).toBeVisible();

  // Someone MitID vouches for whom no grant waits is still not let in.
  const stranger = await anotherPerson(browser, testInfo);
  await stranger.goto("/login");
  await stranger.getByRole("link", { name: "Log ind med MitID" }).click();
  await atTestMitID(stranger, `mitid:stranger-${testInfo.project.name}`, { cpr: "0101801234", name: "Ukendt Person" });
  await expect(stranger).toHaveURL(/\/login\?fejl=unknown_person$/);
});

test("a guardianship is shown as the court's, apart from the access the citizen gave", async ({ page }) => {
  await signInAs(page, "Ole Pedersen");
  await openPage(page, "Fuldmagter");
  await expect(page.getByRole("region", { name: "Værgemål" })).toContainText("Karen Holm");
  await expect(page.getByRole("region", { name: "Værgemål" })).toContainText("Retten har udpeget værgen");
  await expect(page.getByRole("region", { name: "Adgang du har givet" })).not.toContainText("Karen Holm");
});
