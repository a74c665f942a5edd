// The relying-party guide's Node.js example (docs/relying-parties.md, section 8): a Fachanwendung that logs
// in with meine ihk through openid-client, reads the role claims and refuses users without a role.
// Plain node:http, sessions in memory: keep it tiny. Run: MEINE_IHK_ISSUER=… CLIENT_ID=… CLIENT_SECRET=… node app.js
// Tests: tests/MeineIhk.Tests/Guide/NodeSampleTests.cs start it against a real provider.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import * as openid from 'openid-client';

const port = Number(process.env.PORT ?? 3000);
const baseUrl = new URL(process.env.BASE_URL ?? `http://127.0.0.1:${port}/`);
const redirectUri = new URL('callback', baseUrl).href;
const postLogoutRedirectUri = new URL('abgemeldet', baseUrl).href;
const issuer = new URL(process.env.MEINE_IHK_ISSUER);
const clientId = process.env.CLIENT_ID;
const clientSecret = process.env.CLIENT_SECRET;

// `client` is the openid-client module, as in the guide. TEST ONLY, deliberately outside the guide's snippets:
// the tests run meine ihk over plain http on 127.0.0.1, and openid-client refuses any http issuer unless
// discovery is given allowInsecureRequests. In production the issuer is https and this switch stays off; it is
// honoured only for a loopback issuer.
const client = process.env.MEINE_IHK_TEST_ALLOW_HTTP === '1' && ['127.0.0.1', 'localhost'].includes(issuer.hostname)
  ? { ...openid, discovery: (server, id, metadata, auth) => openid.discovery(server, id, metadata, auth, { execute: [openid.allowInsecureRequests] }) }
  : openid;

// snippet:start node-discovery
// Reads /.well-known/openid-configuration once; the secret goes to the token endpoint as client_secret_basic.
const config = await client.discovery(issuer, clientId, undefined, client.ClientSecretBasic(clientSecret));
// snippet:end

const sessions = new Map(); // session id -> { pending } or { user }
const cookieName = 'node_fachanwendung_session';

function sessionOf(request, response) {
  const id = /(?:^|;\s*)node_fachanwendung_session=([A-Za-z0-9_-]+)/.exec(request.headers.cookie ?? '')?.[1];
  if (id && sessions.has(id)) return { id, data: sessions.get(id) };
  const fresh = randomBytes(32).toString('base64url');
  sessions.set(fresh, {});
  response.setHeader('Set-Cookie', `${cookieName}=${fresh}; Path=/; HttpOnly; SameSite=Lax${baseUrl.protocol === 'https:' ? '; Secure' : ''}`);
  return { id: fresh, data: sessions.get(fresh) };
}

// snippet:start node-login
async function login(session, response) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  session.pending = { codeVerifier, state, nonce };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email ihk.org',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  redirect(response, url.href);
}
// snippet:end

// snippet:start node-callback
async function callback(session, request, response) {
  const { codeVerifier, state, nonce } = session.pending ?? {};
  delete session.pending;
  const tokens = await client.authorizationCodeGrant(config, new URL(request.url, baseUrl), {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims(); // the validated ID token: iss, aud, exp, nonce and signature are checked
  // One role is a string, several are an array: always work with a list.
  const roles = claims.role === undefined ? [] : [claims.role].flat();
  session.user = { sub: claims.sub, name: claims.name, orgName: claims.org_name, roles, idToken: tokens.id_token };
  redirect(response, '/');
}
// snippet:end

// snippet:start node-refuse
function home(session, response) {
  const user = session.user;
  if (!user) return redirect(response, '/login');
  if (user.roles.length === 0) {
    // Registered, maybe a member of a company, but without a role for this application: refuse.
    return page(response, 403, 'Kein Zugang',
      'Sie haben in meine ihk keine Rolle für diese Anwendung. Bitten Sie den Unternehmensadministrator '
      + 'Ihres Unternehmens, Ihnen eine Rolle zu geben.');
  }
  return page(response, 200, 'Willkommen',
    `${html(user.name)} (${html(user.orgName)}) – Rollen: <span id="roles">${html(user.roles.join(', '))}</span>`
    + '<form method="post" action="/logout"><button>Abmelden</button></form>');
}
// snippet:end

// snippet:start node-logout
function logout(session, sessionId, response) {
  const idToken = session.user?.idToken;
  sessions.delete(sessionId); // the local session ends first
  if (!idToken) return redirect(response, '/abgemeldet');
  redirect(response, client.buildEndSessionUrl(config, {
    id_token_hint: idToken,
    post_logout_redirect_uri: postLogoutRedirectUri, // registered, matched exactly
  }).href);
}
// snippet:end

function redirect(response, location) {
  response.writeHead(302, { Location: location }).end();
}

const html = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(response, status, title, body) {
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title}</title></head>`
      + `<body><h1>${title}</h1><p>${body}</p></body></html>`);
}

const server = http.createServer(async (request, response) => {
  const path = new URL(request.url, baseUrl).pathname;
  const session = sessionOf(request, response);
  try {
    if (path === '/' && request.method === 'GET') return home(session.data, response);
    if (path === '/login' && request.method === 'GET') return await login(session.data, response);
    if (path === '/callback' && request.method === 'GET') return await callback(session.data, request, response);
    if (path === '/logout' && request.method === 'POST') return logout(session.data, session.id, response);
    if (path === '/abgemeldet') return page(response, 200, 'Abgemeldet', 'Sie sind abgemeldet.');
    if (path === '/healthz') return response.writeHead(200).end('ok');
    return page(response, 404, 'Nicht gefunden', '');
  } catch (error) {
    // An access_denied from meine ihk ("role required") arrives here as an AuthorizationResponseError.
    const denied = error?.error === 'access_denied';
    console.error('login failed:', error?.error ?? error?.name ?? 'error');
    return page(response, denied ? 403 : 400, denied ? 'Kein Zugang' : 'Anmeldung fehlgeschlagen', '');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`node-fachanwendung listening on ${baseUrl.href}`));
