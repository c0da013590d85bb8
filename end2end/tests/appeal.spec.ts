import { test, expect, signInAs, openPage, expectAccessible, expectNoHorizontalScroll, caseSystem } from "./fixtures";
import type { Page } from "@playwright/test";

async function openDecision(page: Page, name: string, title: string) {
  await signInAs(page, name);
  await openPage(page, "Afgørelser");
  await expect(page.getByRole("heading", { level: 1, name: "Mine afgørelser" })).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

const smallPdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

test("citizen reads the decision, appeals, reloads mid-way, checks the answers, submits twice and gets one reference", async ({ page, context }) => {
  await openDecision(page, "Jens Hansen", "Samlet afgørelse om din indsats");
  await expect(page.getByText(/^Klagefrist: .+ – \d+ dage tilbage$/)).toBeVisible();
  const parts = page.getByRole("region", { name: "Det har kommunen besluttet" });
  await expect(parts.getByRole("listitem")).toHaveCount(4);
  await expect(parts).toContainText("Hjælp til at betale gæld: Afslået");
  await expect(parts).toContainText("Lov om aktiv socialpolitik § 81");
  await expect(page.getByText("Du kan også klage ved at ringe eller skrive til din kontaktperson. Det gælder lige så meget.", { exact: true })).toBeVisible();
  // Said once: the guidance does not repeat the line beside it.
  await expect(page.getByText(/klage ved at ringe/)).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Hent afgørelsen (PDF)" })).toHaveAttribute("href", /\/api\/documents\/\d+\/file/);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  await page.getByRole("link", { name: "Klag over afgørelsen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Klage over afgørelsen" })).toBeVisible();
  // Nothing chosen: the form says so and sends nothing.
  await page.getByRole("button", { name: "Fortsæt" }).click();
  await expect(page.getByRole("alert")).toHaveText("Vælg mindst én del af afgørelsen, du er uenig i.");

  await page.getByLabel("Hjælp til at betale gæld – Afslået").check();
  await page.getByLabel("Hvorfor er du uenig i denne del? (frivilligt)").fill("Gælden kom, da jeg blev syg.");
  await page.getByLabel("Jeg vil gerne ringes op").check();
  await page.getByLabel("Samlet afgørelse om din indsats").check();
  await expect(page.getByRole("status").filter({ hasText: "Gemt som kladde" })).toBeVisible();
  await expectAccessible(page);

  // The connection drops while writing: the page says the draft is not saved, and saves it
  // when the connection is back.
  await context.setOffline(true);
  await page.getByLabel("Hvem hjælper dig med klagen? (frivilligt)").fill("Anna, min søster");
  await expect(page.getByRole("status").filter({ hasText: "Kladden kunne ikke gemmes lige nu." })).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByRole("status").filter({ hasText: "Gemt som kladde" })).toBeVisible();

  // The draft is on the server: a reload finds it.
  await page.reload();
  await expect(page.getByLabel("Hjælp til at betale gæld – Afslået")).toBeChecked();
  await expect(page.getByLabel("Hvorfor er du uenig i denne del? (frivilligt)")).toHaveValue("Gælden kom, da jeg blev syg.");
  await expect(page.getByLabel("Jeg vil gerne ringes op")).toBeChecked();
  await expect(page.getByLabel("Hvem hjælper dig med klagen? (frivilligt)")).toHaveValue("Anna, min søster");

  // A new paper: from the form to Dokumenter, send it, and back to attach it; the draft waits.
  await page.getByRole("link", { name: /Har du et nyt dokument\?/ }).click();
  await expect(page).toHaveURL(/\/dokumenter\?klage=1$/);
  await page.getByLabel("Vælg filer").setInputFiles({ name: "laegeerklaering.pdf", mimeType: "application/pdf", buffer: smallPdf });
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("region", { name: "Send dokumenter" })).toContainText(/✓ Modtaget/);
  await page.getByRole("link", { name: /Tilbage til din klage/ }).click();
  await expect(page.getByLabel("Hvem hjælper dig med klagen? (frivilligt)")).toHaveValue("Anna, min søster");
  await page.getByLabel("laegeerklaering").check();
  await expect(page.getByRole("status").filter({ hasText: "Gemt som kladde" })).toBeVisible();

  await page.getByRole("button", { name: "Fortsæt" }).click();
  await expect(page.getByRole("heading", { name: "Tjek dine svar, før du sender" })).toBeFocused();
  const answers = page.locator(".check-answers");
  await expect(answers).toContainText("Hjælp til at betale gæld: Gælden kom, da jeg blev syg.");
  await expect(answers).toContainText("Samlet afgørelse om din indsats");
  await expectAccessible(page);
  // Change an answer and come back.
  await answers.getByRole("button", { name: "Ret" }).nth(1).click();
  await expect(page.getByLabel("Begrundelse for hele klagen (frivilligt)")).toBeFocused();
  await page.getByLabel("Begrundelse for hele klagen (frivilligt)").fill("Jeg har en lægeerklæring.");
  await page.getByRole("button", { name: "Fortsæt" }).click();
  await expect(answers).toContainText("Jeg har en lægeerklæring.");

  await page.getByRole("button", { name: "Send klagen" }).dblclick();
  await expect(page).toHaveURL(/\/afgoerelser\/1$/);
  // Sent, the focus moves to the new page's heading.
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  const receipt = page.getByRole("region", { name: "Din klage", exact: true });
  await expect(receipt).toContainText(/Referencenummer: KL-\d{4}-\d{6}/);
  const reference = (await receipt.getByText(/Referencenummer/).textContent())!;
  await expect(receipt).toContainText("Kommunen vurderer først afgørelsen igen.");
  await expect(page.getByRole("region", { name: "Status for din klage" }).getByRole("listitem")).toHaveCount(1);
  const appealed = page.getByRole("region", { name: "Det klager du over" });
  await expect(appealed).toContainText("Hjælp til at betale gæld: Gælden kom, da jeg blev syg.");
  await expect(appealed).toContainText("Jeg har en lægeerklæring.");
  await expect(appealed).toContainText("2 dokumenter vedhæftet");
  await expectAccessible(page);

  // A second tab that still had the form open cannot make a second appeal.
  const second = await context.newPage();
  await second.goto("/afgoerelser/1/klage");
  await expect(second.getByText("Du har allerede klaget over denne afgørelse.")).toBeVisible();
  const raced = await second.request.post("/api/decisions/1/appeal", {
    headers: { "Idempotency-Key": "another-tab" },
    data: { part_ids: [1], part_reasons: [], reason: "", document_ids: [], wants_meeting: false, wants_call: false, helper: "", late_reason: "" },
  });
  expect(raced.status()).toBe(409);
  await openPage(page, "Afgørelser");
  await expect(page.getByText(reference)).toHaveCount(1);

  // The receipt prints without the site's navigation.
  await page.goBack();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("region", { name: "Din klage", exact: true })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Hovedmenu" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Udskriv kvittering" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // Reasons later: added to the appeal, stamped with the time.
  await page.getByLabel("Din begrundelse").fill("Lægeerklæringen kommer med posten.");
  await page.getByLabel("Referat af møde om din plan").check();
  await page.getByRole("button", { name: "Tilføj til klagen" }).click();
  const added = page.getByRole("listitem").filter({ hasText: "Lægeerklæringen kommer med posten." });
  await expect(added).toContainText(/Tilføjet /);
  await expect(added).toContainText("1 dokument vedhæftet");
  await expect(page.getByLabel("Din begrundelse")).toHaveValue("");
});

test("a late appeal asks why it is late, the case system picks it up by cursor and acknowledges it, and its timeline moves", async ({ page }, testInfo) => {
  await openDecision(page, "Ole Pedersen", "Samlet afgørelse om ressourceforløb");
  await expect(page.getByText(/^Klagefristen var /)).toBeVisible();
  await expect(page.getByRole("note").filter({ hasText: "Klagefristen er overskredet." })).toBeVisible();
  await page.getByRole("link", { name: "Klag over afgørelsen" }).click();
  await page.getByLabel("Fleksjob – Afslået").check();
  await page.getByLabel("Hvorfor kommer klagen efter fristen?").fill("Jeg var indlagt, da brevet kom.");
  await page.getByRole("button", { name: "Fortsæt" }).click();
  await expect(page.locator(".check-answers")).toContainText("Jeg var indlagt, da brevet kom.");
  await page.getByRole("button", { name: "Send klagen" }).click();
  const receipt = page.getByRole("region", { name: "Din klage", exact: true });
  await expect(receipt).toContainText("Klagen blev sendt efter fristen.");
  const reference = (await receipt.getByText(/Referencenummer/).textContent())!.replace("Referencenummer: ", "").trim();
  await expect(receipt).toContainText("Status: Sendt til kommunen");

  // The municipality's case system reads lodged appeals page by page from its cursor,
  // finds this one as Ole sent it, and acknowledges it.
  const system = caseSystem(testInfo);
  let cursor = "";
  let found: { appeal: { form: { late_reason: string } } } | undefined;
  for (let pages = 0; pages < 20 && !found; pages++) {
    const feed = await system.get(`/appeals?after=${cursor}&limit=1`);
    found = feed.appeals.find((a: { appeal: { reference: string } }) => a.appeal.reference === reference);
    cursor = feed.next_cursor;
  }
  expect(found?.appeal.form.late_reason).toBe("Jeg var indlagt, da brevet kom.");
  await system.post(`/appeals/${reference}/acknowledge`);
  await page.reload();
  await expect(page.getByRole("region", { name: "Din klage", exact: true })).toContainText("Status: Kommunen har fået din klage");

  // The case system moves the appeal; the citizen sees each step.
  await system.moveAppeal(reference, { status: "reconsidering", note: "Jobcenteret ser på din sag igen." });
  await page.reload();
  const timeline = page.getByRole("region", { name: "Status for din klage" });
  // Sent, picked up by the municipality, reconsidering: the receipt says the last of them.
  await expect(timeline.getByRole("listitem")).toHaveCount(3);
  await expect(timeline.getByRole("listitem").nth(1)).toContainText("Kommunen har fået din klage");
  await expect(timeline.getByRole("listitem").nth(2)).toContainText("Kommunen ser på afgørelsen igen");
  await expect(page.getByRole("region", { name: "Din klage", exact: true })).toContainText("Status: Kommunen ser på afgørelsen igen");
  await expect(timeline).toContainText("Jobcenteret ser på din sag igen.");
  await expect(page.getByLabel("Din begrundelse")).toBeVisible();

  await system.moveAppeal(reference, { status: "sent_to_ankestyrelsen", note: "Kommunen fastholder afgørelsen.", ankestyrelsen_case: "25-778899" });
  await page.reload();
  await expect(timeline.getByRole("listitem")).toHaveCount(4);
  await expect(timeline.getByRole("listitem").nth(3)).toContainText("Sendt videre til Ankestyrelsen");
  await expect(page.getByText("25-778899")).toBeVisible();
  // Reconsideration is over, so reasons can no longer be added here.
  await expect(page.getByLabel("Din begrundelse")).toHaveCount(0);
  await expectAccessible(page);
});

test("a citizen follows the status of an appeal the municipality is reconsidering", async ({ page }) => {
  await openDecision(page, "Fatima Ali", "Samlet afgørelse om uddannelse og familie");
  const timeline = page.getByRole("region", { name: "Status for din klage" });
  await expect(timeline.getByRole("listitem")).toHaveCount(2);
  await expect(timeline.getByRole("listitem").nth(0)).toContainText("Sendt til kommunen");
  await expect(timeline.getByRole("listitem").nth(1)).toContainText("Kommunen ser på afgørelsen igen");
  // One status, in the same words on the receipt and in the list of decisions.
  await expect(page.getByRole("region", { name: "Din klage", exact: true })).toContainText("Status: Kommunen ser på afgørelsen igen");
  await expect(timeline).toContainText("Familieafdelingen ser på din sag igen.");
  await expect(page.getByText(/Kommunen skal have vurderet afgørelsen igen senest/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Klag over afgørelsen" })).toHaveCount(0);
  await expectAccessible(page);
  await openPage(page, "Afgørelser");
  await expect(page.getByRole("listitem").filter({ hasText: "Samlet afgørelse om uddannelse og familie" })).toContainText("Status: Kommunen ser på afgørelsen igen");
});
