// A real OpenID Connect provider for the end-to-end suite: the certified `oidc-provider`
// package on loopback, standing in for the MitID broker. Samlet talks to it exactly as to
// the real one: discovery, the authorization code flow with PKCE, the token endpoint, ID
// tokens signed with the keys it publishes.
//
// The sign-in page is ours (oidc-provider leaves it to the host): a login name, which
// becomes the subject, and the assurance level the "MitID" sign-in reached. For the tests
// that check Samlet refuses bad tokens, the page can also ask for one: "expired" or
// "wrong_audience" makes the token endpoint sign, with the provider's own key, an ID token
// that is expired or made out to another service — what a faulty or hostile broker could
// send. Nothing else is changed.
//
// Environment: OIDC_PORT, OIDC_REDIRECT_URIS (comma-separated), OIDC_CLIENT_SECRET.

import http from "node:http";
import Provider from "oidc-provider";
import * as jose from "jose";

const port = Number(process.env.OIDC_PORT ?? 8199);
const issuer = `http://127.0.0.1:${port}`;
const redirectUris = (process.env.OIDC_REDIRECT_URIS ?? "").split(",").filter(Boolean);
const SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/substantial";
const LOW = "https://data.gov.dk/concept/core/nsis/low";

const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid: "e2e-signing-key", use: "sig", alg: "RS256" };

/** nonce → the bad token the sign-in page asked for. */
const mischief = new Map();
/** subject → the CPR number and full name MitID vouches for (typed on the sign-in page). */
const people = new Map();
// The claim names of NemLog-in's OpenID Connect profile, which Samlet reads by default.
const CPR = "https://data.gov.dk/model/core/eid/cprNumber";
const FULL_NAME = "https://data.gov.dk/model/core/eid/fullName";

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "samlet",
      client_secret: process.env.OIDC_CLIENT_SECRET ?? "e2e-client-secret",
      redirect_uris: redirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ["e2e-only-cookie-key"] },
  acrValues: [SUBSTANTIAL, LOW],
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // The identity claims go into the ID token itself, as the MitID broker sends them.
  claims: { openid: ["sub"], profile: ["name", CPR, FULL_NAME] },
  conformIdTokenClaims: false,
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: () => {
      const person = people.get(sub) ?? {};
      return {
        sub,
        ...(person.cpr ? { [CPR]: person.cpr } : {}),
        ...(person.name ? { [FULL_NAME]: person.name, name: person.name } : {}),
      };
    },
  }),
});

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== "/token" || !ctx.body?.id_token) return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const trick = mischief.get(claims.nonce);
  if (!trick) return;
  const now = Math.floor(Date.now() / 1000);
  if (trick === "expired") Object.assign(claims, { iat: now - 3600, exp: now - 1800 });
  if (trick === "wrong_audience") claims.aud = "another-service";
  ctx.body.id_token = await new jose.SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
    .sign(privateKey);
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid, clientId) {
  return `<!doctype html><html lang="da"><meta charset="utf-8"><title>Test-MitID</title>
<h1>Test-MitID (kun til test)</h1>
<p>Log ind hos ${escape(clientId)}.</p>
<form method="post" action="/interaction/${escape(uid)}">
  <p><label for="login">Bruger-id</label> <input id="login" name="login" autocomplete="off" required></p>
  <p><label for="cpr">CPR-nummer</label> <input id="cpr" name="cpr" autocomplete="off"></p>
  <p><label for="name">Fulde navn</label> <input id="name" name="name" autocomplete="off"></p>
  <p><label for="acr">Sikringsniveau</label>
    <select id="acr" name="acr"><option value="${SUBSTANTIAL}">Betydelig</option><option value="${LOW}">Lav</option></select></p>
  <p><label for="mischief">Testtilfælde</label>
    <select id="mischief" name="mischief"><option value="">Normalt</option>
      <option value="expired">Udløbet ID-token</option><option value="wrong_audience">ID-token til en anden tjeneste</option></select></p>
  <p><button type="submit" name="action" value="login">Log ind</button>
     <button type="submit" name="action" value="cancel" formnovalidate>Afbryd</button></p>
</form></html>`;
}

async function formOf(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

const callback = provider.callback();
const server = http.createServer(async (req, res) => {
  const match = new URL(req.url, issuer).pathname.match(/^\/interaction\/([^/]+)$/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === "GET") {
      res.setHeader("content-type", "text/html; charset=utf-8");
      return res.end(page(details.uid, details.params.client_id));
    }
    const form = await formOf(req);
    if (form.get("action") === "cancel") {
      return provider.interactionFinished(req, res, {
        error: "access_denied",
        error_description: "The citizen cancelled",
      });
    }
    const accountId = form.get("login");
    if (form.get("cpr") || form.get("name")) {
      people.set(accountId, { cpr: form.get("cpr") || undefined, name: form.get("name") || undefined });
    }
    const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    if (form.get("mischief")) mischief.set(details.params.nonce, form.get("mischief"));
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId, acr: form.get("acr") }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  } catch (error) {
    res.statusCode = 400;
    res.end(`Test-MitID: ${error.message}`);
  }
});

server.listen(port, "127.0.0.1", () => console.log(`test OpenID provider on ${issuer}`));
