// tests/browser/oidc_provider.mjs — a real OpenID provider on loopback for the
// OIDC tests (issue 17): npm's certified oidc-provider (package.json pins
// it), with its own signing keys, the clients and accounts the test gives,
// PKCE required, plain HTML forms for sign-in and sign-out that curl
// (tests/e2e/oidc_lib.sh) and Playwright (oidc.test.mjs) can both drive, and
// a control endpoint that spoils the next ID token in one chosen way.
//
//   node oidc_provider.mjs --accounts FILE [--port N] --client SPEC [--client SPEC]
//
// SPEC is comma-separated key=value: id=CLIENT_ID, secret-file=PATH (the
// client secret, first line), redirect=URI (repeatable), logout=URI
// (post-logout redirect URI, repeatable), alg=RS256|ES256 (the ID token's
// signing algorithm, RS256 when left out). FILE is JSON: login name →
// {sub, name, email, email_verified, groups: […], hsa_id, …}, read again at
// every sign-in; every key but sub is a claim (email and email_verified
// under scope "email", the others under "profile": the keys of the file at
// start). --port 0 (the default) takes a free port. When it listens it
// prints "ready http://127.0.0.1:PORT" (the issuer) and "kid ALG KID" for
// its two keys (RS256 2048 bits, ES256 P-256, made at start, private JWKs
// kept in memory only).
//
// Pages: GET /interaction/UID — the sign-in form (label "Användarnamn",
// input login) posting to /interaction/UID/login, which signs the account
// in and grants what the client asked for (no consent page); an unknown
// name gets the form again with status 400; /interaction/UID/abort
// answers the client access_denied. RP-initiated logout at
// /session/end; its confirm page is a form (id op.logoutForm, hidden xsrf)
// posted with logout=yes to /session/end/confirm.
//
// Control (tests only): POST /__test/mode with mode=NAME spoils the NEXT
// response of the token endpoint:
//   none        nothing (clears a mode set before)
//   wrong_key   the ID token re-signed with a fresh key, same kid
//   unknown_kid re-signed with a fresh key under a kid the JWKS lacks
//   rotated     re-signed with a new key whose kid is added to the JWKS
//               now (a verifier that refetches the JWKS accepts it)
//   alg_none    header alg "none", no signature
//   alg_none_sig  header alg "none", the real signature kept
//   hs256_confusion  HS256 under the RSA kid, the HMAC key being the RSA
//               public key's PEM (the old key-confusion attack)
//   no_sub      sub left out, re-signed with the real key
//   no_nonce    nonce left out, re-signed
//   azp_other   aud [the client, another], azp the other, re-signed
//   expired     exp an hour ago (iat two hours ago), re-signed with the real key
//   iat_future  iat an hour ahead, re-signed
//   wrong_aud   aud another client, re-signed
//   wrong_iss   iss another issuer, re-signed
//   bad_nonce   nonce changed, re-signed
//   tampered    email (or name) changed in the payload, signature kept
//   replay      the ID token of the previous successful exchange of the client
//   slow        the answer after 20 s
//   error       HTTP 500 {"error":"server_error"}
// GET /__test/info answers JSON {issuer, kids, mode, last_id_token}.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const MODES = ['none', 'wrong_key', 'unknown_kid', 'rotated', 'alg_none', 'alg_none_sig', 'hs256_confusion', 'expired', 'iat_future',
  'no_sub', 'no_nonce', 'azp_other',
  'wrong_aud', 'wrong_iss', 'bad_nonce', 'tampered', 'replay', 'slow', 'error'];
const ALGS = { RS256: { modulusLength: 2048 }, ES256: { crv: 'P-256' } };

function die(msg) { process.stderr.write(`oidc_provider.mjs: ${msg}\n`); process.exit(2); }

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    accounts: { type: 'string' },
    client: { type: 'string', multiple: true, default: [] },
  },
});
if (!opt.accounts) die('--accounts FILE is required');
if (opt.client.length < 1 || opt.client.length > 2) die('give one or two --client');

// --- accounts and clients ------------------------------------------------------

// Read again at every sign-in, so that a test can change a claim between two.
function readAccounts() {
  const all = JSON.parse(readFileSync(opt.accounts, 'utf8'));
  for (const [login, a] of Object.entries(all)) if (typeof a.sub !== 'string' || !a.sub) die(`account ${login} has no sub`);
  return all;
}
const profileClaims = new Set(['name']);
for (const a of Object.values(readAccounts())) {
  for (const k of Object.keys(a)) if (!['sub', 'email', 'email_verified'].includes(k)) profileClaims.add(k);
}

function parseClient(spec) {
  const c = { redirect_uris: [], post_logout_redirect_uris: [], alg: 'RS256' };
  for (const part of spec.split(',')) {
    const i = part.indexOf('=');
    if (i < 1) die(`bad --client part "${part}"`);
    const k = part.slice(0, i); const v = part.slice(i + 1);
    if (k === 'id') c.id = v;
    else if (k === 'secret-file') c.secret = readFileSync(v, 'utf8').split('\n')[0];
    else if (k === 'redirect') c.redirect_uris.push(v);
    else if (k === 'logout') c.post_logout_redirect_uris.push(v);
    else if (k === 'alg') c.alg = v;
    else die(`unknown --client key "${k}"`);
  }
  if (!c.id || !c.secret || !c.redirect_uris.length) die(`--client needs id, secret-file and redirect: ${spec}`);
  if (!ALGS[c.alg]) die(`alg must be RS256 or ES256, not ${c.alg}`);
  return c;
}
const clients = opt.client.map(parseClient);

// --- keys ------------------------------------------------------------------------

async function newKey(alg, kid) {
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { ...ALGS[alg], extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), kid, alg, use: 'sig' };
  const pub = { ...(await jose.exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, jwk, pub };
}
const rand = () => Math.random().toString(36).slice(2, 10);
const keys = {};
for (const alg of Object.keys(ALGS)) keys[alg] = await newKey(alg, `${alg.toLowerCase()}-${rand()}`);
const published = []; // keys added by mode "rotated", served beside the provider's own

// --- the provider ----------------------------------------------------------------

const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
function page(title, inner) {
  return `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
label,input,button{display:block;font-size:1.1rem;margin:.4rem 0}input{width:100%}
.error{color:#a00}</style></head><body><h1>${esc(title)}</h1>${inner}</body></html>`;
}
function loginForm(uid, client, error) {
  return page('Testleverantören: logga in', `${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<p>Klient: ${esc(client)}</p>
<form method="post" action="/interaction/${esc(uid)}/login">
<label for="login">Användarnamn</label><input id="login" name="login" autocomplete="username" autofocus required>
<button type="submit">Logga in</button></form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button type="submit">Avbryt</button></form>`);
}

function configuration() {
  return {
    clients: clients.map((c) => ({
      client_id: c.id,
      client_secret: c.secret,
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: c.alg,
    })),
    jwks: { keys: [keys.RS256.jwk, keys.ES256.jwk] },
    cookies: { keys: [rand() + rand(), rand() + rand()] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: [...profileClaims] },
    conformIdTokenClaims: false, // the claims of the scopes in the ID token itself
    pkce: { methods: ['S256'], required: () => true },
    responseTypes: ['code'],
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = page('Testleverantören: logga ut', `${form}
<p>Vill du logga ut från testleverantören?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logga ut</button>
<button type="submit" form="op.logoutForm">Nej, förbli inloggad</button>`);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = page('Testleverantören: utloggad', '<p>Du är utloggad.</p>');
        },
      },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const a = Object.values(readAccounts()).find((x) => x.sub === sub);
      if (!a) return undefined;
      return { accountId: sub, async claims() { return { ...a, sub }; } };
    },
    // Every client here is first party: what it asks for is granted, no consent page.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      const grant = grantId ? await ctx.oidc.provider.Grant.find(grantId)
        : new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
      if (ctx.oidc.requestParamClaims) grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Testleverantören: fel', `<p class="error" role="alert">${esc(out.error)}: ${esc(out.error_description || '')}</p>`);
    },
  };
}

// --- spoiling the next ID token ------------------------------------------------

let mode = 'none';
const lastIdToken = new Map(); // client_id → the last ID token handed out unchanged
let lastAny = null;

const b64 = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
const parts = (jwt) => jwt.split('.');
const decode = (seg) => JSON.parse(Buffer.from(seg, 'base64url').toString('utf8'));
async function sign(header, payload, key) {
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(header).sign(key);
}

async function spoil(m, idToken, clientId) {
  const [h, p, s] = parts(idToken);
  const header = decode(h); const payload = decode(p);
  const real = keys[header.alg].privateKey;
  const now = Math.floor(Date.now() / 1000);
  switch (m) {
    case 'wrong_key': return sign(header, payload, (await newKey(header.alg, header.kid)).privateKey);
    case 'unknown_kid': return sign({ ...header, kid: `unknown-${rand()}` }, payload, (await newKey(header.alg, 'x')).privateKey);
    case 'rotated': {
      const k = await newKey(header.alg, `rotated-${rand()}`);
      published.push(k.pub);
      return sign({ ...header, kid: k.kid }, payload, k.privateKey);
    }
    case 'alg_none': return `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
    case 'alg_none_sig': return `${b64({ ...header, alg: 'none' })}.${p}.${s}`;
    case 'hs256_confusion': {
      const pem = await jose.exportSPKI(await jose.importJWK(keys.RS256.pub, 'RS256'));
      return sign({ ...header, alg: 'HS256', kid: keys.RS256.kid }, payload, new TextEncoder().encode(pem));
    }
    case 'expired': return sign(header, { ...payload, iat: now - 7200, exp: now - 3600 }, real);
    case 'iat_future': return sign(header, { ...payload, iat: now + 3600, exp: now + 7200 }, real);
    case 'wrong_aud': return sign(header, { ...payload, aud: 'someone-else', azp: undefined }, real);
    case 'wrong_iss': return sign(header, { ...payload, iss: 'http://127.0.0.1:1' }, real);
    case 'no_sub': return sign(header, { ...payload, sub: undefined }, real);
    case 'no_nonce': return sign(header, { ...payload, nonce: undefined }, real);
    case 'azp_other': return sign(header, { ...payload, aud: [payload.aud, 'someone-else'], azp: 'someone-else' }, real);
    case 'bad_nonce': return sign(header, { ...payload, nonce: `not-${payload.nonce}` }, real);
    case 'tampered': {
      const changed = payload.email !== undefined ? { email: 'mallory@example.org' } : { name: 'Mallory' };
      return `${h}.${b64({ ...payload, ...changed })}.${s}`;
    }
    case 'replay': return lastIdToken.get(clientId) || idToken;
    default: return idToken;
  }
}

// --- the server ------------------------------------------------------------------

function readBody(req) {
  return new Promise((resolve, reject) => {
    let n = 0; const chunks = [];
    req.on('data', (c) => { n += c.length; if (n > 65536) { reject(new Error('body too large')); req.destroy(); } else chunks.push(c); });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}
function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
  res.end(body);
}

let provider;
let issuer;

async function interaction(req, res, uid, action) {
  let details;
  try { details = await provider.interactionDetails(req, res); } catch (e) {
    return send(res, 400, 'text/html', page('Testleverantören: fel', `<p class="error" role="alert">${esc(e.message)}</p>`));
  }
  if (details.uid !== uid) return send(res, 400, 'text/plain', 'interaction mismatch');
  const clientId = details.params.client_id;
  if (req.method === 'GET' && !action) return send(res, 200, 'text/html', loginForm(uid, clientId));
  if (req.method !== 'POST') return send(res, 405, 'text/plain', 'method not allowed');
  const form = await readBody(req);
  if (action === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user cancelled' },
      { mergeWithLastSubmission: false });
  }
  const a = readAccounts()[form.get('login') || ''];
  if (!a) return send(res, 400, 'text/html', loginForm(uid, clientId, 'Okänt användarnamn.'));
  return provider.interactionFinished(req, res, { login: { accountId: a.sub } }, { mergeWithLastSubmission: false });
}

async function control(req, res, path) {
  if (path === '/__test/info' && req.method === 'GET') {
    return send(res, 200, 'application/json', JSON.stringify({
      issuer, mode, kids: { RS256: keys.RS256.kid, ES256: keys.ES256.kid }, last_id_token: lastAny,
    }));
  }
  if (path === '/__test/mode' && req.method === 'POST') {
    const m = (await readBody(req)).get('mode') || '';
    if (!MODES.includes(m)) return send(res, 400, 'text/plain', `unknown mode "${m}"; one of ${MODES.join(' ')}\n`);
    mode = m;
    process.stdout.write(`mode ${m}\n`);
    return send(res, 200, 'text/plain', `mode ${m}\n`);
  }
  return send(res, 404, 'text/plain', 'not found\n');
}

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const m = path.match(/^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/);
  if (path === '/favicon.ico') { res.writeHead(204); res.end(); return; }
  const handle = m ? interaction(req, res, m[1], m[2])
    : path.startsWith('/__test/') ? control(req, res, path)
      : Promise.resolve(provider.callback()(req, res));
  handle.catch((e) => {
    process.stderr.write(`oidc_provider.mjs: ${e.stack || e}\n`);
    if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
  });
});

server.listen(Number(opt.port), '127.0.0.1', () => {
  issuer = `http://127.0.0.1:${server.address().port}`;
  provider = new Provider(issuer, configuration());
  provider.on('server_error', (ctx, e) => process.stderr.write(`oidc_provider.mjs: server_error ${e.stack || e}\n`));
  provider.use(async (ctx, next) => {
    if (ctx.path === '/token' && ctx.method === 'POST' && mode !== 'none') {
      const m = mode;
      mode = 'none';
      process.stdout.write(`token mode ${m}\n`);
      if (m === 'slow') await new Promise((r) => { setTimeout(r, 20000); });
      if (m === 'error') {
        ctx.status = 500; ctx.body = { error: 'server_error', error_description: 'the test asked for an error' };
        return;
      }
      await next();
      if (ctx.status === 200 && ctx.body?.id_token && m !== 'slow') {
        ctx.body = { ...ctx.body, id_token: await spoil(m, ctx.body.id_token, ctx.oidc?.client?.clientId) };
        lastAny = ctx.body.id_token;
      }
      return;
    }
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
      lastAny = ctx.body.id_token;
      lastIdToken.set(ctx.oidc?.client?.clientId, lastAny); // what "replay" answers next time
    }
    if (ctx.path === '/jwks' && ctx.status === 200 && published.length) {
      ctx.body = { keys: [...ctx.body.keys, ...published] };
    }
  });
  process.stdout.write(`ready ${issuer}\nkid RS256 ${keys.RS256.kid}\nkid ES256 ${keys.ES256.kid}\n`);
});
