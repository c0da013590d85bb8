import { test, expect, signInAs, openPage, expectAccessible, expectNoHorizontalScroll } from "./fixtures";
import type { Page } from "@playwright/test";

/** A PDF the server accepts (it decides the type from these first bytes), padded to `size`. */
function pdf(size: number): Buffer {
  const head = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n");
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - 6), 0x20), Buffer.from("%%EOF\n")]);
}

/** The start of a JPEG from a phone camera, padded to `size`. */
function photo(size: number): Buffer {
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  return Buffer.concat([head, Buffer.alloc(size - head.length - 2, 0x11), Buffer.from([0xff, 0xd9])]);
}

async function openDocuments(page: Page, name: string) {
  await signInAs(page, name);
  await openPage(page, "Dokumenter");
  await expect(page.getByRole("heading", { level: 1, name: "Mine dokumenter" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dokumenter hos kommunen" })).toBeVisible();
}

const held = (page: Page) => page.getByRole("region", { name: "Dokumenter hos kommunen" });

test("citizen uploads a payslip and a photo from the camera, sees the progress and then the receipt", async ({ page }) => {
  await openDocuments(page, "Fatima Ali");
  await expect(held(page)).toContainText("Der er ingen dokumenter endnu.");

  await page.getByLabel("Vælg filer").setInputFiles({ name: "lønseddel_maj.pdf", mimeType: "application/pdf", buffer: pdf(1_500_000) });
  await page.getByLabel("Tag et billede").setInputFiles({ name: "IMG_0042.jpg", mimeType: "image/jpeg", buffer: photo(400_000) });
  const send = page.getByRole("region", { name: "Send dokumenter" });
  const payslip = send.getByRole("listitem").filter({ hasText: "lønseddel_maj.pdf" });
  const picture = send.getByRole("listitem").filter({ hasText: "IMG_0042.jpg" });
  // Chosen is said plainly, and nothing looks sent yet.
  await expect(payslip).toContainText("Valgt – ikke sendt endnu.");
  await expect(picture).toContainText("Valgt – ikke sendt endnu.");
  await expect(payslip.getByLabel("Titel")).toHaveValue("lønseddel maj");
  await payslip.getByLabel("Note (frivilligt)").fill("Maj 2026");
  // The photo is shown small, and its camera name is no title: the citizen is asked what
  // it is, and sending it untitled says so instead of sending.
  await expect(picture.locator("img.thumbnail")).toHaveAttribute("src", /^blob:/);
  await expect(picture.getByLabel("Titel")).toHaveValue("");
  await expect(send.getByText("2 filer er klar")).toBeVisible();
  await picture.getByLabel("Hvad er det?").selectOption({ label: "Lægeerklæring" });
  await expect(picture.getByLabel("Titel")).toHaveValue("Lægeerklæring");
  await payslip.getByLabel("Hører til mål (frivilligt)").selectOption({ label: "Komme ind på SOSU-uddannelsen" });
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // A slow connection (250 KB/s up), so the progress bar is seen moving.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 40, downloadThroughput: -1, uploadThroughput: 250 * 1024 });
  await send.getByRole("button", { name: "Send", exact: true }).click();
  const bar = payslip.getByRole("progressbar", { name: "Hvor meget der er sendt" });
  await expect(bar).toBeVisible();
  await expect(payslip).toContainText(/Sender … \d+ %/);
  await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 15_000 }).toBeGreaterThan(0);
  await expectNoHorizontalScroll(page);
  await expect(payslip).toContainText(/✓ Modtaget/, { timeout: 30_000 });
  await expect(picture).toContainText(/✓ Modtaget/, { timeout: 30_000 });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // The list: both documents with who sent them, size and type, and the payslip's goal.
  const payslipHeld = held(page).getByRole("listitem").filter({ has: page.getByRole("heading", { name: "lønseddel maj" }) });
  await expect(payslipHeld).toContainText("fra Fatima Ali");
  await expect(payslipHeld).toContainText("PDF · 1,4 MB");
  await expect(payslipHeld).toContainText("Maj 2026");
  await expect(payslipHeld.getByLabel("Hører til mål (frivilligt)")).toHaveValue(/\d+/);
  await expect(held(page).getByRole("heading", { name: "Lægeerklæring" })).toBeVisible();
  await expectAccessible(page);

  // Still there after a reload: the server has them.
  await page.reload();
  await expect(held(page).getByRole("heading", { name: "lønseddel maj" })).toBeVisible();
  const download = page.waitForEvent("download");
  await payslipHeld.getByRole("link", { name: "Hent" }).click();
  expect((await download).suggestedFilename()).toBe("lønseddel_maj.pdf");
});

test("a photo sent without saying what it is is held back with a message until it has a title", async ({ page }) => {
  await openDocuments(page, "Mikkel Sørensen");
  await page.getByLabel("Tag et billede").setInputFiles({ name: "IMG_20261201_1432.jpg", mimeType: "image/jpeg", buffer: photo(20_000) });
  const item = page.getByRole("region", { name: "Send dokumenter" }).getByRole("listitem").filter({ hasText: "IMG_20261201_1432.jpg" });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(item.getByRole("alert")).toContainText("Vælg, hvad det er, eller skriv en titel.");
  await expect(held(page).getByRole("heading", { name: /IMG/ })).toHaveCount(0);
  // "Something else" asks for the citizen's own words, in the title field.
  await item.getByLabel("Hvad er det?").selectOption({ label: "Andet – skriv selv" });
  await expect(item.getByLabel("Titel")).toBeFocused();
  await page.keyboard.type("Brev fra udlejer");
  await expect(item.getByRole("alert")).toHaveCount(0);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(held(page).getByRole("heading", { name: "Brev fra udlejer" })).toBeVisible();
});

test("a file over the size limit gets a clear message and nothing is added", async ({ page }) => {
  await openDocuments(page, "Ole Pedersen");
  await page.getByLabel("Vælg filer").setInputFiles({ name: "stor-scanning.pdf", mimeType: "application/pdf", buffer: pdf(26 * 1024 * 1024) });
  const item = page.getByRole("region", { name: "Send dokumenter" }).getByRole("listitem").filter({ hasText: "stor-scanning.pdf" });
  await expect(item.getByRole("alert")).toContainText("Ikke sendt. Filen er for stor. Del den op, eller tag billedet i lavere opløsning.");
  await expect(page.getByRole("button", { name: "Send", exact: true })).toHaveCount(0);
  await expect(held(page)).toContainText("Der er ingen dokumenter endnu.");
  await expectAccessible(page);
});

test("a renamed file that is not a document is refused by the server and nothing is added", async ({ page }) => {
  await openDocuments(page, "Ole Pedersen");
  await page.getByLabel("Vælg filer").setInputFiles({ name: "faktura.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00 this is a program, not a PDF") });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const item = page.getByRole("region", { name: "Send dokumenter" }).getByRole("listitem").filter({ hasText: "faktura.pdf" });
  await expect(item.getByRole("alert")).toContainText("Filtypen kan ikke modtages.");
  await expect(item.getByRole("button", { name: "Prøv igen" })).toHaveCount(0);
  await expect(held(page)).toContainText("Der er ingen dokumenter endnu.");
});

test("citizen deletes their own upload after confirming, but not the municipality's letters", async ({ page }) => {
  await openDocuments(page, "Jens Hansen");
  await page.getByLabel("Vælg filer").setInputFiles({ name: "forkert-fil.pdf", mimeType: "application/pdf", buffer: pdf(2_000) });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const upload = held(page).getByRole("listitem").filter({ has: page.getByRole("heading", { name: "forkert fil" }) });
  await expect(upload).toBeVisible();

  // Saying no keeps it.
  page.once("dialog", (dialog) => dialog.dismiss());
  await upload.getByRole("button", { name: "Slet" }).click();
  await expect(upload).toBeVisible();

  page.once("dialog", (dialog) => {
    expect(dialog.message()).toBe("Vil du slette “forkert fil”? Det kan ikke fortrydes.");
    dialog.accept();
  });
  await upload.getByRole("button", { name: "Slet" }).click();
  await expect(upload).toHaveCount(0);

  // The municipality's decision stays, marked as theirs, with no delete button.
  const decision = held(page).getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Samlet afgørelse om din indsats" }) });
  await expect(decision).toContainText("fra kommunen");
  await expect(decision.getByRole("button", { name: "Slet" })).toHaveCount(0);
  await page.reload();
  await expect(held(page).getByRole("heading", { name: "forkert fil" })).toHaveCount(0);
});

test("citizen links a letter the municipality already has to a goal without sending it again", async ({ page }) => {
  await openDocuments(page, "Jens Hansen");
  const letter = () => held(page).getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Samlet afgørelse om din indsats" }) });
  await letter().getByLabel("Hører til mål (frivilligt)").selectOption({ label: "Få overblik over gælden" });
  // Saved when chosen: there is no second button to press.
  await expect(letter().getByRole("status")).toHaveText("Gemt.");
  await expect(letter().getByRole("button", { name: "Gem mål" })).toHaveCount(0);
  await page.reload();
  await expect(letter().getByLabel("Hører til mål (frivilligt)").locator("option:checked")).toHaveText("Få overblik over gælden");
});

test("citizen stops an upload, loses the answer on the next try and retries without a duplicate", async ({ page }) => {
  await openDocuments(page, "Jens Hansen");
  await page.getByLabel("Vælg filer").setInputFiles({ name: "kontoudtog.pdf", mimeType: "application/pdf", buffer: pdf(1_200_000) });
  const item = page.getByRole("region", { name: "Send dokumenter" }).getByRole("listitem").filter({ hasText: "kontoudtog.pdf" });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 40, downloadThroughput: -1, uploadThroughput: 100 * 1024 });

  // Stopped: back to chosen, plainly not sent.
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(item.getByRole("progressbar")).toBeVisible();
  await item.getByRole("button", { name: "Stop" }).click();
  await expect(item).toContainText("Valgt – ikke sendt endnu.");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // The worst case: the server stores the file, but its answer is lost on the way back.
  let lost = false;
  await page.route("**/api/documents", async (route) => {
    if (route.request().method() === "POST" && !lost) {
      lost = true;
      await route.fetch();
      return route.abort("connectionreset");
    }
    return route.fallback();
  });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(item.getByRole("alert")).toContainText("Forbindelsen blev afbrudt. Prøv igen – filen bliver ikke sendt to gange.");
  expect(lost).toBe(true);
  // The retry goes straight to the server, with no interception in between.
  await page.unrouteAll({ behavior: "wait" });
  await item.getByRole("button", { name: "Prøv igen" }).click();
  await expect(item).toContainText(/✓ Modtaget/);
  await expect(held(page).getByRole("heading", { name: "kontoudtog" })).toHaveCount(1);
  await page.reload();
  await expect(held(page).getByRole("heading", { name: "kontoudtog" })).toHaveCount(1);
});

test("on a desktop a file dragged onto the page is chosen, not sent", async ({ page, isMobile }) => {
  test.skip(isMobile, "dragging files is a desktop gesture");
  await openDocuments(page, "Jens Hansen");
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["%PDF-1.4\nbrev\n%%EOF\n"], "brev_fra_lægen.pdf", { type: "application/pdf" }));
    return transfer;
  });
  await page.getByText("På en computer kan du også trække filerne hertil.").dispatchEvent("drop", { dataTransfer });
  const item = page.getByRole("region", { name: "Send dokumenter" }).getByRole("listitem").filter({ hasText: "brev_fra_lægen.pdf" });
  await expect(item).toContainText("Valgt – ikke sendt endnu.");
  await expect(item.getByLabel("Titel")).toHaveValue("brev fra lægen");
  await item.getByRole("button", { name: "Fjern" }).click();
  await expect(item).toHaveCount(0);
});
