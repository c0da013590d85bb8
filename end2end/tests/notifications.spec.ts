import { readdirSync, readFileSync, statSync } from "node:fs";
import { test, expect, atTestMitID, caseSystem, mailbox, smsFolder, openPage, expectAccessible, expectNoHorizontalScroll } from "./fixtures";

/** An e-mail as the SMTP server kept it, with quoted-printable undone. */
function decoded(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, "");
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
    "latin1",
  ).toString("utf8");
}

/** The e-mails sent to `address` so far. */
function mailTo(address: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(`${mailbox}/new`);
  } catch {
    return [];
  }
  return names
    .map((name) => decoded(readFileSync(`${mailbox}/new/${name}`, "latin1")))
    .filter((mail) => mail.includes(`X-RcptTo: ${address}`));
}

/** Waits for an SMS to `to` whose text contains `marker`, written after `since`, and returns its text. */
async function smsWith(folder: string, to: string, marker: string, since: number): Promise<string> {
  const texts = (): string[] => {
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      return [];
    }
    return names
      .filter((name) => statSync(`${folder}/${name}`).mtimeMs >= since)
      .map((name) => JSON.parse(readFileSync(`${folder}/${name}`, "utf8")))
      .filter((sms) => sms.to === to && sms.text.includes(marker))
      .map((sms) => sms.text as string);
  };
  await expect.poll(() => texts().length, { timeout: 15_000 }).toBe(1);
  return texts()[0];
}

/** Waits for an e-mail to `address` whose text contains `marker`, and returns it. */
async function mailWith(address: string, marker: string): Promise<string> {
  await expect.poll(() => mailTo(address).filter((mail) => mail.includes(marker)).length, { timeout: 15_000 }).toBe(1);
  return mailTo(address).find((mail) => mail.includes(marker))!;
}

test("citizen proves her e-mail and mobile with the codes that arrive, is told of her contact's answer by e-mail without any details, and turns such notices off from the e-mail", async ({
  page,
  browser,
}, testInfo) => {
  // A citizen of her own, registered by a case system, so no other story's messages reach her.
  const system = caseSystem(testInfo, ["citizens", "contacts", "messages"], "e2e-sagssystem-notifikationer");
  const unique = `${testInfo.project.name}-${Date.now()}`;
  const person_ref = `N-${unique}`;
  const address = `sara-${unique}@example.dk`;
  await system.put(`/citizens/JC-${unique}`, {
    person_ref,
    version: 1,
    full_name: "Sara Nielsen",
    municipality: "751",
    sign_in_subject: `mitid:${unique}`,
    overall_goal: "Et arbejde på et lager",
  });
  await system.put("/caseworkers/SB-9001", {
    version: 1,
    full_name: "Birgitte Holm",
    role: "Koordinerende sagsbehandler",
    unit: "Jobcenter Aarhus",
    phone: "+45 87 13 40 10",
    email: "birgitte.holm@aarhus.dk",
    reachable: "Mandag til fredag kl. 9-14",
  });
  await system.put("/contacts", { person_ref, version: 1, caseworker: "SB-9001" });

  await page.goto("/notifikationer");
  await page.getByRole("link", { name: "Log ind med MitID" }).click();
  await atTestMitID(page, `mitid:${unique}`);
  await expect(page.getByRole("heading", { level: 1, name: "Notifikationer" })).toBeVisible();
  await expect(page.getByText("Vi har ikke sendt noget endnu.")).toBeVisible();

  const emailBox = page.getByRole("region", { name: "Din e-mail" });
  const smsBox = page.getByRole("region", { name: "Din mobil (SMS)" });
  // The address, and the code that arrives there. A wrong code first.
  await page.getByLabel("E-mailadresse").fill(address);
  await emailBox.getByRole("button", { name: "Send kode" }).click();
  await expect(page.getByText(`Vi har sendt en kode til ${address}.`)).toBeVisible();
  const codeMail = await mailWith(address, "Din kode til Samlet");
  const code = /Din kode til Samlet: (\d{6})/.exec(codeMail)![1];
  await page.getByLabel("Kode fra e-mailen").fill(code === "000000" ? "111111" : "000000");
  await emailBox.getByRole("button", { name: "Bekræft" }).click();
  await expect(page.getByRole("alert")).toHaveText("Koden passer ikke. Tjek den, eller få en ny kode.");
  await page.getByLabel("Kode fra e-mailen").fill(code);
  await emailBox.getByRole("button", { name: "Bekræft" }).click();
  await expect(page.getByText(`Vi skriver til ${address}, når der er nyt.`)).toBeVisible();
  await expect(page.getByLabel("min kontaktperson skriver til mig")).toBeChecked();
  // Her mobile too. The demo server writes each SMS to a folder (a municipality configures
  // its SMS provider), and the code is there.
  const since = Date.now() - 1000;
  const folder = smsFolder(testInfo.project.name);
  const mobile = `+45${String(Date.now()).slice(-8)}`;
  await page.getByLabel("Mobilnummer").fill(mobile);
  await smsBox.getByRole("button", { name: "Send kode" }).click();
  await expect(page.getByText(`Vi har sendt en kode til ${mobile}.`)).toBeVisible();
  const smsCode = /Din kode til Samlet er (\d{6})/.exec(await smsWith(folder, mobile, "Din kode til Samlet", since))![1];
  await page.getByLabel("Kode fra SMS'en").fill(smsCode);
  await smsBox.getByRole("button", { name: "Bekræft" }).click();
  await expect(page.getByText(`Vi sender en SMS til ${mobile}, når der er nyt.`, { exact: false })).toBeVisible();
  // She wants to be told at any hour: the same hour twice means no quiet hours (and the
  // story does not depend on the time of day it runs at).
  await page.getByLabel("Stille fra kl.").selectOption("0");
  await page.getByLabel("Til kl.").selectOption("0");
  // Notices in Danish, as she reads the portal (English is the other choice).
  await expect(page.getByRole("radio", { name: "Dansk" })).toBeChecked();
  await expect(page.getByRole("radio", { name: "English" })).not.toBeChecked();
  await page.getByRole("button", { name: "Gem" }).click();
  await expect(page.getByText("Gemt.")).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // She writes to her contact; the answer comes from the case system.
  await openPage(page, "Beskeder");
  await page.getByText("Ny besked").click();
  await page.getByLabel("Besked", { exact: true }).fill("Hvornår starter truckkurset?");
  await page.getByRole("button", { name: "Send besked" }).click();
  await expect(page).toHaveURL(/\/beskeder\/\d+$/);
  const thread = Number(/\/beskeder\/(\d+)$/.exec(page.url())![1]);
  await system.post(`/threads/${thread}/messages`, {
    external_id: `SVAR-${unique}`,
    caseworker: "SB-9001",
    body: "Hej Sara\nKurset starter den 4. januar i Viby.",
  });

  // The notice: that there is a message and where, and nothing else.
  const notice = await mailWith(address, "Subject: Nyt i Samlet");
  expect(notice).toContain("Subject: Nyt i Samlet");
  expect(notice).toContain("Du har en ny besked.");
  expect(notice).toContain(`${testInfo.project.use.baseURL}/beskeder`);
  for (const personal of ["Sara", "Nielsen", "Birgitte", "Holm", "truck", "Kurset", "Viby", "januar"]) {
    expect(notice, `"${personal}" in the notice`).not.toContain(personal);
  }


  // Her settings list what was sent.
  await openPage(page, "Notifikationer");
  const sentLately = page.getByRole("region", { name: "Sendt for nylig" }).getByRole("listitem");
  await expect(sentLately.filter({ hasText: "E-mail" })).toContainText("E-mail · 1 ny ting (ny besked) · sendt");
  // A message goes by e-mail to someone who has both (by SMS only if unread after 3 days).
  await expect(sentLately.filter({ hasText: "SMS" })).toHaveCount(0);

  // The e-mail's own link turns messages off, without signing in (on the phone where the
  // e-mail was read). Opening it changes nothing; the button does.
  const link = /(http\S+\/afmeld\/[0-9a-f]{64})/.exec(notice)![1];
  const phone = await browser.newContext({ viewport: testInfo.project.use.viewport });
  const mailPage = await phone.newPage();
  await mailPage.goto(link);
  await expect(mailPage.getByRole("heading", { level: 1, name: "Få ikke flere af den slags" })).toBeVisible();
  await expect(mailPage.getByRole("listitem").filter({ hasText: "min kontaktperson skriver til mig" })).toBeVisible();
  await expectAccessible(mailPage);
  await expectNoHorizontalScroll(mailPage);
  await page.reload();
  await expect(page.getByLabel("min kontaktperson skriver til mig")).toBeChecked();
  await mailPage.getByRole("button", { name: "Stop disse beskeder" }).click();
  await expect(mailPage.getByText("Det er gjort. Du får ikke flere e-mails om det.")).toBeVisible();
  await expect(mailPage.getByRole("listitem")).toContainText("(slået fra)");
  await phone.close();
  await page.reload();
  await expect(page.getByLabel("min kontaktperson skriver til mig")).not.toBeChecked();
  await expect(page.getByLabel("kommunen ændrer min plan")).toBeChecked();
});

test("a relative chooses notices about the citizen she acts for, only about what her grant lets her see, and the citizen sees it in Min log", async ({
  page,
  browser,
}, testInfo) => {
  // A citizen of her own, registered by a case system, who signs in with MitID.
  const system = caseSystem(testInfo, ["citizens"], "e2e-sagssystem-paaroerende");
  const unique = `${testInfo.project.name}-${Date.now()}`;
  await system.put(`/citizens/JC-P-${unique}`, {
    person_ref: `P-${unique}`,
    version: 1,
    full_name: "Lone Berg",
    municipality: "751",
    sign_in_subject: `mitid:lone-${unique}`,
    overall_goal: "Et job med faste tider",
  });
  await page.goto("/fuldmagter");
  await page.getByRole("link", { name: "Log ind med MitID" }).click();
  await atTestMitID(page, `mitid:lone-${unique}`);
  await expect(page.getByRole("heading", { level: 1, name: "Fuldmagter" })).toBeVisible();
  // Lone lets her brother see her plan, and nothing else. His number differs per project,
  // so the two browser projects' stories never meet.
  const cpr = testInfo.project.name === "desktop" ? "020578-1111" : "020578-2222";
  await page.getByLabel("Personens fulde navn").fill("Per Berg");
  await page.getByLabel("Personens CPR-nummer").fill(cpr);
  await page.getByLabel("Se min plan og min kontaktperson").check();
  await page.getByRole("button", { name: "Giv adgang" }).click();
  await expect(page.getByRole("region", { name: "Adgang du har givet" })).toContainText("Per Berg");

  // Per signs in with MitID, accepts, and opens Notifikationer while acting for her.
  const context = await browser.newContext({ ...testInfo.project.use, locale: "da-DK", timezoneId: "Europe/Copenhagen" });
  const per = await context.newPage();
  await per.goto("/login");
  await per.getByRole("link", { name: "Log ind med MitID" }).click();
  await atTestMitID(per, `mitid:per-${unique}`, { cpr: cpr.replace("-", ""), name: "Per Berg" });
  await per.getByRole("region", { name: "Venter på dig" }).getByRole("listitem").filter({ hasText: "Lone Berg" }).getByRole("button", { name: "Acceptér" }).click();
  await per.getByRole("region", { name: "Adgang du har fået" }).getByRole("button", { name: "Handl for Lone Berg" }).click();
  await expect(per.getByText(/^Du handler for Lone Berg\./)).toBeVisible();
  await openPage(per, "Notifikationer");
  await expect(per.getByRole("heading", { level: 1, name: "Notifikationer" })).toBeVisible();
  // Only what his grant lets him read can he be told about: the plan and its meetings,
  // not her messages, decisions or documents.
  await expect(per.getByLabel("kommunen ændrer min plan")).toBeVisible();
  await expect(per.getByLabel("jeg har møde dagen efter (besked kl. 9)")).toBeVisible();
  for (const hidden of ["min kontaktperson skriver til mig", "jeg får en afgørelse", "kommunen har modtaget et dokument fra mig"]) {
    await expect(per.getByLabel(hidden)).toHaveCount(0);
  }
  // His own address, proved with the code that arrives there.
  const address = `per-${unique}@example.dk`;
  await per.getByLabel("E-mailadresse").fill(address);
  await per.getByRole("region", { name: "Din e-mail" }).getByRole("button", { name: "Send kode" }).click();
  const code = /Din kode til Samlet: (\d{6})/.exec(await mailWith(address, "Din kode til Samlet"))![1];
  await per.getByLabel("Kode fra e-mailen").fill(code);
  await per.getByRole("region", { name: "Din e-mail" }).getByRole("button", { name: "Bekræft" }).click();
  await expect(per.getByText(`Vi skriver til ${address}, når der er nyt.`)).toBeVisible();
  await per.getByLabel("jeg har møde dagen efter (besked kl. 9)").uncheck();
  await per.getByRole("button", { name: "Gem" }).click();
  await expect(per.getByText("Gemt.")).toBeVisible();
  await expectAccessible(per);
  await expectNoHorizontalScroll(per);
  await context.close();

  // Lone sees in Min log that her brother changed what he is told about her.
  await openPage(page, "Min log");
  await expect(page.getByRole("listitem").filter({ hasText: "Per Berg" }).first()).toContainText("ændrede, hvad de får besked om hos dig");
});
