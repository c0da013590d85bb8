import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { strFromU8, unzipSync } from "fflate";
import { expect, expectAccessible, openMenu, signInAs, test } from "./fixtures";

test("a citizen downloads all his data and finds it whole, checkable and readable", async ({ page }, testInfo) => {
  await signInAs(page, "Jens Hansen");
  await openMenu(page);
  await page.getByRole("link", { name: "Mine data" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mine data" })).toBeVisible();
  await expectAccessible(page);

  // A plain link: the browser saves the ZIP as the server streams it.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Hent mine data" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^samlet-mine-data-\d{4}-\d{2}-\d{2}\.zip$/);
  const files = unzipSync(readFileSync(await download.path()));

  // samlet.json is what its published schema says.
  const data = JSON.parse(strFromU8(files["samlet.json"]));
  const schema = await (await page.request.get("/api/export/schema.json")).json();
  // `strict: false`: OpenAPI's `example` is no JSON Schema keyword. Formats are checked,
  // OpenAPI's integer sizes too.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("int64", { type: "number", validate: Number.isSafeInteger });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  const validate = ajv.compile(schema);
  expect(validate(data), JSON.stringify(validate.errors, null, 1)).toBe(true);
  expect(data.citizen_name).toBe("Jens Hansen");

  // Every document is there, and its bytes are the ones its SHA-256 names.
  expect(data.documents.length).toBeGreaterThan(0);
  for (const document of data.documents) {
    const bytes = files[document.path];
    expect(bytes, document.path).toBeDefined();
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(document.sha256);
  }
  expect(Object.keys(files).sort()).toEqual(
    ["index.html", "samlet.json", ...data.documents.map((d: { path: string }) => d.path)].sort(),
  );

  // Unpacked as the citizen would, index.html reads as a page, in Danish, that passes axe
  // like the app, and its links lead to the documents beside it.
  const folder = testInfo.outputPath("samlet-mine-data");
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), bytes);
  }
  await page.goto(pathToFileURL(join(folder, "index.html")).href);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mine data fra Samlet – Jens Hansen");
  await expect(page.getByRole("heading", { level: 2, name: "Din plan" })).toBeVisible();
  await expect(page.getByRole("link", { name: data.documents[0].document.title }).first()).toHaveAttribute(
    "href",
    /^documents\//,
  );
  await expectAccessible(page);
});
