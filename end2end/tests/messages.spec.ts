import { createHash } from "node:crypto";
import type { Browser, Page, TestInfo } from "@playwright/test";
import {
  test,
  expect,
  signInAs,
  openMenu,
  openPage,
  expectAccessible,
  expectNoHorizontalScroll,
  caseSystem,
  sharedDatabaseServers,
} from "./fixtures";

/** Another person at another device: a browser context of their own (on another server if given). */
async function anotherPerson(browser: Browser, testInfo: TestInfo, baseURL = testInfo.project.use.baseURL): Promise<Page> {
  const context = await browser.newContext({ ...testInfo.project.use, baseURL, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

/** The start of a JPEG from a phone camera, padded to `size`. */
function photo(size: number): Buffer {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  return Buffer.concat([head, Buffer.alloc(size - head.length - 2, 0x11), Buffer.from([0xff, 0xd9])]);
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
  // And a photo of a new paper, taken with the phone in the same step: it goes the way the
  // documents page sends a file, and the message follows once it is received.
  await page.getByText("Send et foto eller en ny fil med (valgfrit)").click();
  await page.getByLabel("Tag et billede").setInputFiles({ name: "IMG_20261202_0915.jpg", mimeType: "image/jpeg", buffer: photo(60_000) });
  const chosen = page.getByRole("listitem").filter({ hasText: "IMG_20261202_0915.jpg" });
  // A camera's name says nothing about the paper: sending asks what it is, and sends
  // neither the photo nor the message until it is said.
  await page.getByRole("button", { name: "Send besked" }).click();
  await expect(chosen.getByRole("alert")).toContainText("Vælg, hvad det er");
  await expect(page.getByRole("heading", { level: 1, name: "Beskeder" })).toBeVisible();
  await chosen.getByLabel("Hvad er det?").selectOption({ label: "Lægeerklæring" });
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await page.getByRole("button", { name: "Send besked" }).click();

  // The thread, with the message as written: its line break kept, the link a link, and
  // both papers with it.
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByRole("link", { name: "https://aarhus.dk/praktik" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Samlet afgørelse om din indsats" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Lægeerklæring" })).toBeVisible();
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
  await expect(mette.getByRole("link", { name: "Lægeerklæring" })).toBeVisible();

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

test("citizen writes while the contact is away, and the stand-in answers", async ({ page, browser }, testInfo) => {
  const subject = `Afhentning ${testInfo.project.name}`;
  await signInAs(page, "Fatima Ali");
  await openMessages(page);
  await page.getByText("Ny besked").click();
  // Told before sending who gets it.
  await expect(page.getByText("Sofie Andersen er væk lige nu. Din besked går til Lars Kristensen, som passer din sag imens.")).toBeVisible();
  await expect(page.getByText("Lars Kristensen svarer normalt inden for 2 arbejdsdage.")).toBeVisible();
  await page.getByLabel("Emne (valgfrit)").fill(subject);
  await page.getByLabel("Besked", { exact: true }).fill("Kan Noor blive hentet kl. 17 på fredag?");
  await page.getByRole("button", { name: "Send besked" }).click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();

  const lars = await anotherPerson(browser, testInfo);
  await signInAs(lars, "Lars Kristensen");
  const fatima = lars.getByRole("listitem").filter({ hasText: "Fatima Ali" });
  await expect(fatima).toContainText("Stedfortræder");
  await expect(fatima).toContainText(/venter på svar/);
  await fatima.getByRole("button", { name: "Se som Fatima Ali" }).click();
  await expect(lars).toHaveURL(/\/plan$/);
  await expect(lars.getByRole("region", { name: "Afslut forhåndsvisning" })).toBeVisible();
  await openMessages(lars);
  await lars.getByRole("link", { name: subject }).click();
  await lars.getByLabel("Dit svar").fill("Ja, jeg giver børnehaven besked.");
  await lars.getByRole("button", { name: "Send besked" }).click();
  await expect(page.getByText("Ja, jeg giver børnehaven besked.")).toBeVisible();
  await expect(page.getByText("Lars Kristensen, Koordinerende sagsbehandler").last()).toBeVisible();
  await lars.context().close();
});

test("relative with the messages right writes for the citizen and never sees the thread about his treatment", async ({ page, browser }, testInfo) => {
  // Mikkel lets Anna read his plan and write to his contact, not see what is sensitive.
  await signInAs(page, "Mikkel Sørensen");
  await openPage(page, "Fuldmagter");
  await page.getByLabel("Personens fulde navn").fill("Anna Jensen");
  await page.getByLabel("Personens CPR-nummer").fill("070790-1234");
  await page.getByLabel("Se min plan og min kontaktperson").check();
  await page.getByLabel("Skrive beskeder med min kontaktperson og læse dem").check();
  await page.getByRole("button", { name: "Giv adgang" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Anna Jensen har fået adgang." })).toBeVisible();

  const anna = await anotherPerson(browser, testInfo);
  await signInAs(anna, "Anna Jensen");
  await anna.getByRole("region", { name: "Venter på dig" }).getByRole("listitem").filter({ hasText: "Mikkel Sørensen" }).getByRole("button", { name: "Acceptér" }).click();
  await anna.getByRole("region", { name: "Adgang du har fået" }).getByRole("button", { name: "Handl for Mikkel Sørensen" }).click();
  await expect(anna.getByText(/^Du handler for Mikkel Sørensen\./)).toBeVisible();
  await openMessages(anna);
  // His thread about the treatment, a sensitive goal, is not there, and cannot be opened.
  await expect(anna.getByText("Dagbehandlingen")).toHaveCount(0);
  await expect(anna.getByText("Der er ingen beskeder endnu.")).toBeVisible();
  expect((await anna.request.get("/api/messages/3")).status()).toBe(404);
  await anna.getByText("Ny besked").click();
  await anna.getByLabel("Emne (valgfrit)").fill("Boligen");
  await anna.getByLabel("Besked", { exact: true }).fill("Mikkel vil gerne høre, hvordan det går med boligen.");
  await anna.getByRole("button", { name: "Send besked" }).click();
  await expect(anna.getByText("Anna Jensen på vegne af Mikkel Sørensen")).toBeVisible();
  await expectAccessible(anna);

  // Mikkel sees who wrote, on his behalf.
  await openMessages(page);
  await page.getByRole("link", { name: "Boligen" }).click();
  await expect(page.getByText("Anna Jensen på vegne af Mikkel Sørensen")).toBeVisible();
  await anna.context().close();
});

test("citizen cannot come to a meeting, says why in a message, and the caseworker sees the answer on the meeting", async ({ page, browser }, testInfo) => {
  await signInAs(page, "Jens Hansen");
  const meeting = page.locator("article.meeting").filter({ hasText: "Møde med gældsrådgiver" });
  await meeting.getByRole("button", { name: "Jeg kan ikke komme" }).click();
  // A message about the meeting opens, started with what the contact needs to know.
  await expect(page).toHaveURL(/\/beskeder\?om=moede-\d+$/);
  const body = page.getByLabel("Besked", { exact: true });
  await expect(body).toHaveValue(/^Jeg kan ikke komme til mødet, fordi/);
  await body.fill(`Jeg kan ikke komme til mødet, fordi jeg skal til lægen (${testInfo.project.name}).\n\nJeg kan i stedet: torsdag.`);
  await page.getByRole("button", { name: "Send besked" }).click();
  await expect(page.getByRole("link", { name: "Om: Møde med gældsrådgiver" })).toBeVisible();
  await expectAccessible(page);

  // Back on the plan the answer stands on the meeting, and Mette sees it there too.
  await openMenu(page);
  await page.getByRole("navigation", { name: "Hovedmenu" }).getByRole("link", { name: "Min plan", exact: true }).click();
  await expect(meeting).toContainText("Svar: kan ikke komme (Jens Hansen");
  const mette = await anotherPerson(browser, testInfo);
  await signInAs(mette, "Mette Larsen");
  await mette.getByRole("button", { name: "Se som Jens Hansen" }).click();
  const hers = mette.locator("article.meeting").filter({ hasText: "Møde med gældsrådgiver" });
  await expect(hers).toContainText("Svar: kan ikke komme (Jens Hansen");
  // Her preview shows the answer; answering is the citizen's.
  await expect(hers.getByRole("button", { name: "Jeg kommer" })).toHaveCount(0);
  await mette.context().close();
});

/** A message in the case systems' feed, as far as the story reads it. */
type FedMessage = {
  person_ref: string;
  subject: string;
  thread_id: number;
  message: { id: number; author: string; body: string; attachments: { title: string }[] };
  files: { sha256: string; file_url: string }[];
};

test("a case system picks a message up by cursor, fetches its attachment and journalises it, and posts the caseworker's answer into the thread", async ({ page }, testInfo) => {
  // A name of its own: a new token for a system replaces the old one, which another story
  // may be using at the same time.
  const system = caseSystem(testInfo, ["messages", "contacts"], "e2e-sagssystem-beskeder");
  // The caseworker who answers in the case system, registered under the system's own id.
  const caseworker = "SB-4411";
  await system.put(`/caseworkers/${caseworker}`, {
    version: 1,
    full_name: "Henrik Mørk",
    role: "Sagsbehandler",
    unit: "Ydelseskontoret",
    phone: "+45 87 13 40 09",
    email: "henrik.moerk@aarhus.dk",
    reachable: "Mandag til fredag kl. 9-14",
  });
  // The system has journalised everything written so far and kept its cursor.
  let cursor = "";
  for (let more = true; more; ) {
    const feed = await system.get(`/messages?after=${cursor}&limit=100`);
    [cursor, more] = [feed.next_cursor, feed.has_more];
  }

  // Jens sends the minutes of his meeting along with a message.
  const subject = `Referatet ${testInfo.project.name}`;
  const body = `Hej Mette\nHer er referatet fra mødet (${testInfo.project.name}). Vil du lægge det i min sag?`;
  await signInAs(page, "Jens Hansen");
  await openMessages(page);
  await page.getByText("Ny besked").click();
  await page.getByLabel("Emne (valgfrit)").fill(subject);
  await page.getByLabel("Besked", { exact: true }).fill(body);
  await page.getByText("Vedhæft dokumenter, du allerede har sendt (valgfrit)").click();
  await page.getByLabel("Referat af møde om din plan").check();
  await page.getByRole("button", { name: "Send besked" }).click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  const sentByJens = page.getByRole("listitem").filter({ hasText: "Her er referatet fra mødet" });
  await expect(sentByJens.getByRole("link", { name: "Referat af møde om din plan" })).toBeVisible();
  await expect(sentByJens).not.toContainText("Journaliseret");

  // The system reads on from its cursor (other stories may have written meanwhile).
  let found: FedMessage | undefined;
  for (let more = true; more && !found; ) {
    const feed = await system.get(`/messages?after=${cursor}&limit=5`);
    found = (feed.messages as FedMessage[]).find((m) => m.message.body === body);
    [cursor, more] = [feed.next_cursor, feed.has_more];
  }
  expect(found, "Jens's message in the feed after the system's cursor").toBeDefined();
  const sent = found!;
  expect([sent.person_ref, sent.subject, sent.message.author]).toEqual(["DEMO-0001", subject, "Jens Hansen"]);
  expect(sent.message.attachments.map((a) => a.title)).toEqual(["Referat af møde om din plan"]);
  // The attachment, as the bytes the feed vouches for.
  expect(sent.files).toHaveLength(1);
  const file = await system.download(sent.files[0].file_url);
  expect(file.subarray(0, 5).toString()).toBe("%PDF-");
  expect(createHash("sha256").update(file).digest("hex")).toBe(sent.files[0].sha256);

  // Journalised: Jens's open page says so, without a reload.
  await system.post(`/messages/${sent.message.id}/acknowledge`);
  await expect(sentByJens).toContainText(/Journaliseret i din sag \p{L}+ den \d+\. \p{L}+ kl\. \d\d\.\d\d/u);

  // The caseworker's answer, sent twice as a case system retries after a lost response:
  // one message.
  const answer = {
    external_id: `SAG-2026-114-${testInfo.project.name}-${Date.now()}`,
    caseworker,
    body: "Hej Jens\nTak. Referatet ligger nu i din sag.",
  };
  const posted = await system.post(`/threads/${sent.thread_id}/messages`, answer);
  expect(posted.outcome).toBe("created");
  expect(await system.post(`/threads/${sent.thread_id}/messages`, answer)).toEqual({ id: posted.id, outcome: "unchanged" });
  const answered = page.getByRole("listitem").filter({ hasText: "Tak. Referatet ligger nu i din sag." });
  await expect(answered).toContainText("Henrik Mørk, Sagsbehandler");
  await expect(page.locator("[aria-live=polite]")).toHaveText("Ny besked fra Henrik Mørk");
  await expect(page.getByText("Venter på svar fra dig")).toBeVisible();
  await expect(answered).toHaveCount(1);
});

test.describe("two servers on one PostgreSQL database", () => {
  // Jens's browser is connected to the first server.
  test.use({ baseURL: sharedDatabaseServers?.[0] });

  test("with two servers on one PostgreSQL, a message sent through one appears live in a browser connected to the other", async ({ page, browser }, testInfo) => {
    test.skip(!sharedDatabaseServers, "needs SAMLET_E2E_POSTGRES (a PostgreSQL database URL) and seven ports in SAMLET_E2E_PORTS; scripts/test.sh sets both");
    // One database: the story needs no second run on another screen width.
    test.skip(testInfo.project.name !== "desktop", "runs once, in the desktop project");
    const [, other] = sharedDatabaseServers!;
    const reply = `Ja, det kan vi. Jeg ringer til Netto i morgen (${Date.now()}).`;

    await signInAs(page, "Jens Hansen");
    await openMessages(page);
    await page.getByRole("link", { name: "Praktikken i Netto" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Praktikken i Netto" })).toBeVisible();

    // Mette's browser is connected to the other server.
    const mette = await anotherPerson(browser, testInfo, other);
    await signInAs(mette, "Mette Larsen");
    await mette.getByRole("button", { name: "Se som Jens Hansen" }).click();
    await expect(mette.getByRole("region", { name: "Afslut forhåndsvisning" })).toBeVisible();
    await openMessages(mette);
    await mette.getByRole("link", { name: "Praktikken i Netto" }).click();
    await mette.getByLabel("Dit svar").fill(reply);
    await mette.getByRole("button", { name: "Send besked" }).click();
    await expect(mette.getByText(reply)).toBeVisible();

    // The first server hears of it from the database and tells Jens's open page at once
    // (a server on PostgreSQL does not look for changes by itself).
    await expect(page.getByText(reply)).toBeVisible({ timeout: 5_000 });
    await expect(page.locator("[aria-live=polite]")).toHaveText("Ny besked fra Mette Larsen");
    await mette.context().close();
  });
});

test("a conversation about a goal is linked from the goal, and the thread links back", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  const goal = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "Finde et job uden tunge løft" }) });
  await goal.locator("summary").click();
  await expect(goal.getByText("Beskeder om det her:")).toBeVisible();
  await goal.getByRole("link", { name: "Praktikken i Netto" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Praktikken i Netto" })).toBeVisible();
  await page.getByRole("link", { name: "Om: Finde et job uden tunge løft" }).click();
  await expect(page).toHaveURL(/\/plan$/);
  // A goal nobody has written about offers only to write.
  const other = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "Flytte til en billigere bolig" }) });
  await other.locator("summary").click();
  await expect(other.getByRole("link", { name: "Skriv til din kontaktperson om målet" })).toBeVisible();
  await expect(other.getByText("Beskeder om det her:")).toHaveCount(0);
});
