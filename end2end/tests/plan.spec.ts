import { readFileSync } from "node:fs";
import { test, expect, signInAs, expectAccessible, expectNoHorizontalScroll, signOut } from "./fixtures";

test("citizen reads the plan, sees what changed since the last visit and opens an earlier version", async ({ page }) => {
  const seen: string[] = [];
  page.on("request", (r) => { if (r.url().endsWith("/api/plan/seen")) seen.push(r.postData() ?? ""); });
  await signInAs(page, "Mikkel Sørensen");
  const changes = page.getByRole("region", { name: "Nyt siden dit sidste besøg" });
  await expect(changes.getByRole("listitem")).toHaveCount(3);
  // A glance, signed out at once, uses nothing up.
  await signOut(page);
  expect(seen).toEqual([]);
  await signInAs(page, "Mikkel Sørensen");
  await expect(changes.getByRole("listitem")).toHaveCount(3);
  // On screen for a while, it counts as seen: the app tells the server.
  await expect.poll(() => seen.length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(JSON.parse(seen[0])).toMatchObject({ dismissed: false });
  await expect(changes).toContainText("Delmål nået: Bostøtte");
  await expect(changes).toContainText("Nyt mål under Socialt: Et netværk uden stoffer");
  await expect(changes).toContainText("Mødet “Status på behandling og bolig” er flyttet fra");

  // The whole plan: goals by life area, each one line that opens to its sub-goals with
  // criterion, date, status and unit.
  await expect(page.getByRole("heading", { level: 3, name: "Helbred" })).toBeVisible();
  const goal = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "Fra herberg til egen bolig" }) });
  const line = goal.locator("summary");
  await expect(line).toHaveText(/^◐ I gang · 1 af \d+ delmål er nået/);
  await expect(goal.getByText("Jeg har en bostøttemedarbejder to gange om ugen")).toBeHidden();
  await line.click();
  await expect(goal.getByText("Jeg har en bostøttemedarbejder to gange om ugen")).toBeVisible();
  await expect(goal).toContainText("✓ Nået");
  await expect(goal).toContainText("Jeg har en bostøttemedarbejder to gange om ugen");
  await expect(goal).toContainText("Socialforvaltningen");
  await expect(goal).toContainText("‖ Sat på pause");
  await expect(goal.getByRole("heading", { name: "Det sker der" })).toBeVisible();
  await expect(goal).toContainText("Socialpædagogisk bostøtte (§ 85)");
  const meetings = page.getByRole("main");
  await expect(meetings).toContainText("Husk at tage med");
  await expect(meetings).toContainText("Din medicinliste");
  await expectAccessible(page);

  // A reload in the same visit still shows what changed.
  await page.reload();
  await expect(changes.getByRole("listitem")).toHaveCount(3);

  await page.getByRole("link", { name: "Se tidligere versioner af planen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tidligere versioner af planen" })).toBeVisible();
  // Each version says in one line what it changed.
  await expect(page.getByRole("listitem").filter({ hasText: /^Version 2 fra/ })).toContainText("og 2 ændringer mere");
  await expect(page.getByRole("listitem").filter({ hasText: /^Version 1 fra/ })).toContainText("Planen blev lavet");
  await expectAccessible(page);
  await page.getByRole("link", { name: /^Version 1 fra/ }).click();
  await expect(page).toHaveURL(/\/plan\/versioner\/1$/);
  await expect(page.getByRole("note").filter({ hasText: "Dette er en tidligere version. Den gælder ikke længere." })).toBeVisible();
  const then = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "Fra herberg til egen bolig" }) });
  await expect(then).toContainText("◐ I gang");
  await expect(page.getByRole("heading", { name: "Et netværk uden stoffer" })).toHaveCount(0);
  await expectAccessible(page);

  // Saying so takes it away from this page too; the next visit has nothing new.
  await page.goto("/plan");
  await changes.getByRole("button", { name: "Jeg har set det" }).click();
  await expect(changes.getByRole("status")).toHaveText("Tak. Næste gang ser du kun det, der er nyt herefter.");
  await expect(changes.getByRole("heading")).toBeFocused();
  await signOut(page);
  await signInAs(page, "Mikkel Sørensen");
  await expect(page.getByText("Der er ingen ændringer i din plan siden dit sidste besøg.")).toBeVisible();
});

test("citizen writes what matters most and finds it after reload", async ({ page }) => {
  await signInAs(page, "Ole Pedersen");
  const whatMatters = page.getByLabel("Det vigtigste for mig");
  await whatMatters.fill("At kunne gå ture med min hund igen");
  await page.getByLabel("Noter til næste møde").fill("Spørg om hjælp til rengøring");
  await page.getByRole("button", { name: "Gem", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Gemt" })).toBeVisible();
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByLabel("Det vigtigste for mig")).toHaveValue("At kunne gå ture med min hund igen");
  await expect(page.getByLabel("Noter til næste møde")).toHaveValue("Spørg om hjælp til rengøring");
});

test("two tabs save at once and the second gets the conflict message and keeps its text", async ({ page, context }) => {
  await signInAs(page, "Fatima Ali");
  const second = await context.newPage();
  await second.goto("/plan");
  await expect(second.getByLabel("Det vigtigste for mig")).toBeVisible();

  await page.getByLabel("Det vigtigste for mig").fill("Skrevet i første fane");
  await page.getByRole("button", { name: "Gem", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Gemt" })).toBeVisible();

  await second.getByLabel("Det vigtigste for mig").fill("Skrevet i anden fane");
  await second.getByRole("button", { name: "Gem", exact: true }).click();
  const conflict = second.getByRole("alert");
  await expect(conflict).toContainText("Din tekst er ikke gemt");
  await expect(second.getByLabel("Det vigtigste for mig")).toHaveValue("Skrevet i anden fane");
  await expectAccessible(second);

  // The first tab's text is what the server holds until the second overwrites knowingly.
  await page.reload();
  await expect(page.getByLabel("Det vigtigste for mig")).toHaveValue("Skrevet i første fane");
  await conflict.getByRole("button", { name: "Gem min tekst alligevel" }).click();
  await expect(second.getByRole("status").filter({ hasText: "Gemt" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Det vigtigste for mig")).toHaveValue("Skrevet i anden fane");
});

test("an upcoming meeting can be saved in the calendar", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  const meeting = page.getByRole("article").filter({ hasText: "Fællesmøde om praktik og genoptræning" });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    meeting.getByRole("link", { name: "Gem i din kalender" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^samlet-moede-\d+\.ics$/);
  const path = await download.path();
  const ics = readFileSync(path, "utf8");
  expect(ics).toContain("BEGIN:VEVENT");
  expect(ics).toContain("SUMMARY:Fællesmøde om praktik og genoptræning");
});

test.describe("at 360 px", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("citizen walks through the plan with the keyboard alone", async ({ page }) => {
    await signInAs(page, "Jens Hansen");
    await expect(page.getByText("3 af 8 delmål er nået")).toBeVisible();
    await expectNoHorizontalScroll(page);
    // Tab from the top of the page reaches every control of the plan in order.
    await page.reload();
    await expect(page.getByText("3 af 8 delmål er nået")).toBeVisible();
    const reached: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const name = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el ? `${el.tagName.toLowerCase()}:${el.id || el.textContent?.trim().slice(0, 40)}` : "";
      });
      reached.push(name);
      if (name === "button:Gem") break;
    }
    expect(reached[0]).toBe("a:Gå til indhold");
    expect(reached).toContain("a:Gem i din kalender");
    expect(reached).toContain("textarea:what-matters");
    expect(reached).toContain("textarea:meeting-notes");
    expect(reached.at(-1)).toBe("button:Gem");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type("Et arbejde tæt på hjemmet");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Gemt" })).toBeVisible();
    await expect(page.getByLabel("Det vigtigste for mig")).toHaveValue("Et arbejde tæt på hjemmet");
    await expectAccessible(page);
  });

  test("the plan reads at 320 px, as at 200 % zoom, without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await signInAs(page, "Fatima Ali");
    await expect(page.getByRole("heading", { level: 2, name: "Mine mål" })).toBeVisible();
    await expectNoHorizontalScroll(page);
    await page.goto("/kontakt");
    await expect(page.getByText("Stedfortræder")).toBeVisible();
    await expectNoHorizontalScroll(page);
  });
});

test("anyone can read the accessibility statement from the footer", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("link", { name: "Tilgængelighedserklæring" }).click();
  await expect(page).toHaveURL(/\/tilgaengelighed$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tilgængelighedserklæring" })).toBeVisible();
  await expect(page.getByText("WCAG 2.1, niveau AA")).toBeVisible();
  await expectAccessible(page);
});
