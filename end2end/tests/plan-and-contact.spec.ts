import { test, expect, signInAs, openPage, openMenu, expectAccessible, expectNoHorizontalScroll, signOut } from "./fixtures";

test("citizen signs in, sees their plan and contact, reloads a deep link and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login(\?.*)?$/);
  await expect(page.getByRole("note")).toHaveText("Demoversion: alle personer og oplysninger er opdigtede.");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Log ind som Jens Hansen" }).click();
  await expect(page).toHaveURL(/\/plan$/);
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeVisible();
  await expect(page.getByText("Jeg vil have et arbejde, hvor jeg ikke skal løfte")).toBeVisible();
  await expect(page.getByText("3 af 8 delmål er nået")).toBeVisible();
  await expect(page.getByRole("heading", { level: 4, name: "Finde et job uden tunge løft" })).toBeVisible();
  // What happens next comes first: the next meeting and whom to call.
  const meeting = page.getByRole("region", { name: "Det næste" });
  await expect(meeting.getByText("Fællesmøde om praktik og genoptræning")).toBeVisible();
  const contact = page.getByRole("region", { name: "Din kontaktperson" });
  await expect(contact.getByText("Mette Larsen")).toBeVisible();
  await expect(contact.getByRole("link", { name: "+45 87 13 40 01" })).toHaveAttribute("href", "tel:+4587134001");
  await expect(page).toHaveTitle("Min plan – Samlet");
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  await openPage(page, "Min kontaktperson");
  await expect(page).toHaveURL(/\/kontakt$/);
  await expect(page.getByRole("heading", { level: 1, name: "Min kontaktperson" })).toBeVisible();
  await expect(page.getByText("Mandag til torsdag kl. 9-15, fredag kl. 9-12")).toBeVisible();
  await expect(page.getByRole("link", { name: "mette.larsen@demo.samlet.dk" })).toBeVisible();
  await expectAccessible(page);

  // A deep link reloads into the same page: the server answers /kontakt with the app.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Min kontaktperson" })).toBeVisible();
  await expect(page.getByText("Mette Larsen")).toBeVisible();

  await signOut(page);
  await expect(page).toHaveURL(/\/login(\?.*)?$/);
  // The session is gone on the server, not only hidden: the plan asks for a login again.
  await page.goto("/plan");
  await expect(page).toHaveURL(/\/login(\?.*)?$/);
  const response = await page.request.get("/api/plan/overview");
  expect(response.status()).toBe(401);
});

test("citizen whose contact is on holiday is pointed to the stand-in", async ({ page }) => {
  await signInAs(page, "Fatima Ali");
  await expect(page.getByRole("region", { name: "Din kontaktperson" }).getByText("Lars Kristensen")).toBeVisible();
  await page.goto("/kontakt");
  await expect(page.getByText(/Sofie Andersen er væk fra .* til og med .*\. Kontakt i mellemtiden:/)).toBeVisible();
  await expect(page.getByText("Stedfortræder")).toBeVisible();
  await expect(page.getByRole("link", { name: "+45 87 13 40 02" })).toBeVisible();
  await expectAccessible(page);
});

test("citizen without a contact is told how to get help", async ({ page }) => {
  await signInAs(page, "Ole Pedersen");
  await openPage(page, "Min kontaktperson");
  await expect(page.getByText("Du har endnu ikke fået en kontaktperson.")).toBeVisible();
  await expect(page.getByText(/Borgerservice/)).toBeVisible();
});

test("citizen reads the portal in English and the choice is remembered", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My plan" })).toBeVisible();
  await expect(page.getByText("3 of 8 sub-goals reached")).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "Job and education" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "My plan" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Dansk" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Min plan" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "da");
});

test("a lost connection while loading the plan says so and recovers on retry", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  await page.route("**/api/plan", (route) => route.abort("internetdisconnected"));
  await page.reload();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Vi kunne ikke få forbindelse");
  await page.unroute("**/api/plan");
  await alert.getByRole("button", { name: "Prøv igen" }).click();
  await expect(page.getByText("3 af 8 delmål er nået").first()).toBeVisible();
});

test("on a slow phone the plan is asked for while the app is still downloading, once", async ({ page }) => {
  await signInAs(page, "Jens Hansen");
  const contact = page.getByRole("region", { name: "Din kontaktperson" }).getByText("Mette Larsen");
  // The page after sign-in has asked for all it needs before the counting starts.
  await expect(contact).toBeVisible();
  const asked: string[] = [];
  let planAsked = () => {};
  const planSeen = new Promise<void>((resolve) => (planAsked = resolve));
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/api/")) asked.push(path);
    if (path === "/api/plan") planAsked();
  });
  // The app's wasm is held back until the plan has been asked for: were the plan asked for
  // only by the app, this page would never load.
  await page.route("**/*.wasm", async (route) => {
    await planSeen;
    await route.continue();
  });
  await page.reload();
  await expect(page.getByText("3 af 8 delmål er nået")).toBeVisible();
  await expect(contact).toBeVisible();
  // The app took those answers instead of asking again.
  const times = (path: string) => asked.filter((p) => p === path).length;
  expect([times("/api/session"), times("/api/plan"), times("/api/contact")]).toEqual([1, 1, 1]);

  // Once the citizen has moved on, coming back asks the server afresh.
  await openPage(page, "Min kontaktperson");
  await expect(page.getByRole("heading", { level: 1, name: "Min kontaktperson" })).toBeVisible();
  await openPage(page, "Min plan");
  await expect(page.getByText("3 af 8 delmål er nået")).toBeVisible();
  expect(times("/api/plan")).toBe(2);
});

test("a relative and a caseworker land on their own start page, not on a plan they do not have", async ({ page, browser }, testInfo) => {
  await signInAs(page, "Anna Jensen");
  await expect(page).toHaveURL(/\/fuldmagter$/);
  await expect(page.getByRole("heading", { level: 1, name: "Fuldmagter" })).toBeVisible();
  await expect(page.getByText("Der er ingen plan knyttet til din konto.")).toHaveCount(0);
  // "/" and the brand lead there too.
  await page.goto("/");
  await expect(page).toHaveURL(/\/fuldmagter$/);

  const context = await browser.newContext({ ...testInfo.project.use });
  const mette = await context.newPage();
  await signInAs(mette, "Mette Larsen");
  await expect(mette).toHaveURL(/\/sagsbehandler$/);
  await expect(mette.getByRole("heading", { level: 1, name: "Mine borgere" })).toBeVisible();
  // Not acting for anyone, she has no plan of her own to offer in the menu.
  await openMenu(mette);
  const menu = mette.getByRole("navigation", { name: "Hovedmenu" });
  await expect(menu.getByRole("link", { name: "Mine borgere" })).toHaveCount(1);
  await expect(menu.getByRole("link", { name: "Min plan" })).toHaveCount(0);
});

test("the whole portal works with the keyboard alone", async ({ page }) => {
  await page.goto("/login");
  // The page stays hidden until the session is known (no layout shift), so a
  // keyboard user starts once it is on screen, as a sighted one does.
  const signIn = page.getByRole("button", { name: "Log ind som Jens Hansen" });
  await expect(signIn).toBeVisible();
  // The first Tab reaches the skip link, which moves focus past the header.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Gå til indhold" })).toBeFocused();
  await signIn.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/plan$/);
  await openMenu(page, true);
  await page.getByRole("link", { name: "Min kontaktperson" }).first().focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/kontakt$/);
});

test("a citizen without a contact is told whom to call, with a number and opening hours", async ({ page }) => {
  await signInAs(page, "Ole Pedersen");
  await expect(page.getByText("Du har endnu ikke fået en kontaktperson.").first()).toBeVisible();
  await expect(page.getByText("Indtil da kan du ringe til Borgerservice Aarhus på +45 87 13 40 00.").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "+45 87 13 40 00" }).first()).toHaveAttribute("href", "tel:+4587134000");
  await openPage(page, "Min kontaktperson");
  await expect(page.getByText("Mandag til fredag kl. 10-15")).toBeVisible();
  await expectAccessible(page);
});

test("the plan says that the person to call is a stand-in, and for whom", async ({ page }) => {
  await signInAs(page, "Fatima Ali");
  await expect(page.getByText(/^Stedfortræder, mens .+ er væk$/)).toBeVisible();
});
