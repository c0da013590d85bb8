import { test, expect, atTestMitID, caseSystem, signOut } from "./fixtures";

test("a case system updates a sub-goal and the citizen sees it under what changed since the last visit", async ({
  page,
}, testInfo) => {
  const jobcenter = caseSystem(testInfo, ["citizens", "plans"], "e2e-jobcenter");
  // A citizen the municipality registers through the API, who signs in with MitID.
  const unique = `${testInfo.project.name}-${Date.now()}`;
  const subject = `mitid:${unique}`;
  const person_ref = unique;
  await jobcenter.put(`/citizens/JC-${unique}`, {
    person_ref,
    version: 1,
    full_name: "Sara Nielsen",
    municipality: "751",
    sign_in_subject: subject,
    overall_goal: "Et arbejde på et lager og en fast bolig",
  });
  await jobcenter.put(`/goals/G-${unique}`, { person_ref, version: 1, life_area: "job_education", title: "Job på et lager" });
  const subGoal = (version: number, status: string) => ({
    goal: `G-${unique}`,
    version,
    title: "Truckcertifikat",
    success_criterion: "Jeg har bestået truckprøven",
    status,
    unit: "Jobcenter Aarhus",
  });
  await jobcenter.put(`/sub-goals/S-${unique}`, subGoal(1, "in_progress"));

  const signIn = async () => {
    await page.goto("/plan");
    await page.getByRole("link", { name: "Log ind med MitID" }).click();
    await atTestMitID(page, subject);
    await expect(page).toHaveURL(/\/plan$/);
  };
  // Her first look counts as seen once the plan has been on her screen for a while.
  const seen = page.waitForResponse((r) => r.url().endsWith("/api/plan/seen") && r.status() === 204, { timeout: 15_000 });
  await signIn();
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeVisible();
  const goal = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "Job på et lager" }) });
  await expect(goal).toContainText("Truckcertifikat");
  await seen;
  await signOut(page);
  await expect(page).toHaveURL(/\/login/);

  // The case system reports the sub-goal reached; a retry of the same version changes nothing.
  expect((await jobcenter.put(`/sub-goals/S-${unique}`, subGoal(2, "reached"))).outcome).toBe("updated");
  expect((await jobcenter.put(`/sub-goals/S-${unique}`, subGoal(2, "reached"))).outcome).toBe("unchanged");

  await signIn();
  const changes = page.getByRole("region", { name: "Nyt siden dit sidste besøg" });
  await expect(changes).toContainText("Delmål nået: Truckcertifikat");
  await expect(changes.getByRole("listitem")).toHaveCount(1);
  await page.goto("/min-log");
  await expect(page.getByRole("main")).toContainText("e2e-jobcenter");
});
