import { expect, openPage, pdfPages, signInAs, test } from "./fixtures";

/** What a printed page must never carry: the navigation and the buttons. */
const SCREEN_ONLY = ["Log ud", "Menu", "Gå til indhold", "Udskriv", "Læs op"];

function expectPaper(pages: string[]) {
  const all = pages.join("\n");
  for (const text of SCREEN_ONLY) expect(all, `"${text}" on paper`).not.toContain(text);
  // Where it came from and when, at the foot.
  expect(pages[pages.length - 1]).toMatch(/Udskrevet fra Samlet \d{1,2}\. \w+ \d{4}/);
}

test("a citizen prints his whole plan, and then only one day of it", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeVisible();
  const plan = await (await page.request.get("/api/plan")).json();
  await expect(page.getByText(plan.content.goals[0].title)).toBeVisible();
  await expect(page.getByRole("button", { name: "Udskriv" })).toHaveCount(0); // folded until asked for
  await page.getByText("Udskriv planen").click();
  await expect(page.getByRole("button", { name: "Udskriv" })).toBeVisible();

  // His own words, long enough that a text box would cut them off.
  const own = "At kunne arbejde uden at løfte tungt. ".repeat(12).trim();
  await page.getByLabel("Det vigtigste for mig").fill(own);

  const whole = pdfPages(await page.pdf({ format: "A4" }));
  expectPaper(whole);
  const text = whole.join("\n");
  expect(text).toContain(plan.content.overall_goal);
  // His own words, whole, not a text box.
  expect(text).toContain(own);
  // Every goal on a page of its own, opened: its sub-goals are on paper too.
  for (const goal of plan.content.goals) {
    // Its own page: the last one naming it ("new since your last visit" may name it first).
    const at = whole.findLastIndex((p) => p.includes(goal.title));
    expect(at, goal.title).toBeGreaterThan(0);
    for (const sub of goal.sub_goals) expect(text).toContain(sub.title);
  }
  expect(new Set(plan.content.goals.map((g: { title: string }) => whole.findLastIndex((p) => p.includes(g.title)))).size).toBe(
    plan.content.goals.length,
  );

  // One day: the meetings of that day only.
  const meetings: { title: string; starts_at: string }[] = plan.content.meetings;
  const danishDay = (at: string) => new Date(at).toLocaleDateString("sv-SE", { timeZone: "Europe/Copenhagen" });
  const day = danishDay(meetings[0].starts_at);
  const other = meetings.find((m) => danishDay(m.starts_at) !== day && m.title !== meetings[0].title)!;
  await page.getByLabel("Fra", { exact: true }).fill(day);
  await page.getByLabel("Til", { exact: true }).fill(day);
  const oneDay = pdfPages(await page.pdf({ format: "A4" })).join("\n");
  expect(oneDay).toContain(meetings[0].title);
  expect(oneDay).not.toContain(other.title);
  expect(oneDay).toContain(plan.content.overall_goal);
});

test("a citizen prints a decision, an appeal receipt and his log", async ({ page }) => {
  await signInAs(page, "Fatima Ali");
  // Her decision, with the receipt of the appeal she lodged.
  await page.goto("/afgoerelser/2");
  const decision = await (await page.request.get("/api/decisions/2")).json();
  await expect(page.getByRole("heading", { level: 1, name: decision.title })).toBeVisible();
  await expect(page.getByText(decision.appeal_reference)).toBeVisible();
  const paper = pdfPages(await page.pdf({ format: "A4" }));
  expectPaper(paper);
  const text = paper.join("\n");
  expect(text).toContain(decision.title);
  expect(text).toContain(decision.appeal_reference);
  for (const part of decision.parts) expect(text).toContain(part.intervention);

  await openPage(page, "Min log");
  await expect(page.getByRole("heading", { level: 1, name: "Min log" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Udskriv" })).toBeVisible();
  const log = pdfPages(await page.pdf({ format: "A4" }));
  expectPaper(log);
  expect(log.join("\n")).toContain("Min log");
});
