// The benchmark's peer: node oidc-provider (OpenID Certified), configured as close to meine ihk as it allows:
// authorization code with PKCE S256, refresh tokens rotated on every use, client_credentials, client_secret_post,
// signed JWT access tokens (RS256, or ES256 with PEER_ALG=ES256) carrying the organisation and role claims of the
// ihk.org scope, 5-minute access tokens, 2-minute codes, 12-hour refresh tokens. Its store is the in-memory
// adapter (its default). A user "already has a session": the interaction route logs in and grants at once.
import http from 'node:http';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PEER_PORT ?? 5100);
const alg = process.env.PEER_ALG ?? 'RS256';
const secret = process.env.PEER_CLIENT_SECRET;
const redirectUri = process.env.PEER_REDIRECT_URI ?? 'http://127.0.0.1:9/signin-oidc';
const users = Number(process.env.PEER_USERS ?? 10);
if (!secret) throw new Error('PEER_CLIENT_SECRET is required');

const issuer = `http://127.0.0.1:${port}`;
const api = 'urn:meine-ihk:bench-api';
const { privateKey } = await generateKeyPair(alg, { extractable: true });
const jwk = { ...(await exportJWK(privateKey)), alg, use: 'sig', kid: 'peer-1' };

// The accounts with their organisation and roles for this client.
const accounts = new Map();
for (let i = 0; i < users; i += 1) {
  const id = `bench${i}`;
  accounts.set(id, {
    sub: id, name: `Bench User ${i}`, given_name: 'Bench', family_name: `User ${i}`, preferred_username: id,
    email: `${id}@example.org`, email_verified: true,
    org_id: '6f0c6c36-3b0a-4ad5-9d3b-0b8a1c4c2a11', org_name: 'Spiel- und Spaß GmbH', org_ident: '11', chamber: '101',
    role: ['auszubildender'],
  });
}

const orgClaims = (account, scopes) => (scopes.has('ihk.org')
  ? { org_id: account.org_id, org_name: account.org_name, org_ident: account.org_ident, chamber: account.chamber, role: account.role }
  : {});

const client = (clientId, resource) => ({
  client_id: clientId,
  client_secret: secret,
  token_endpoint_auth_method: 'client_secret_post',
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  response_types: ['code'],
  redirect_uris: [redirectUri],
  'urn:bench:resource': resource,
});

const provider = new Provider(issuer, {
  clients: [client('berichtsheft', true), client('berichtsheft-userinfo', false)],
  jwks: { keys: [jwk] },
  scopes: ['openid', 'offline_access', 'profile', 'email', 'ihk.org'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    email: ['email', 'email_verified'],
    'ihk.org': ['org_id', 'org_name', 'org_ident', 'chamber', 'role'],
  },
  conformIdTokenClaims: false, // claims in the ID token as meine ihk does
  enabledJWA: { idTokenSigningAlgValues: [alg] },
  clientDefaults: { id_token_signed_response_alg: alg },
  pkce: { required: () => true },
  rotateRefreshToken: true,
  issueRefreshToken: async (_ctx, c, code) => c.grantTypeAllowed('refresh_token') && code.scopes.has('openid'),
  ttl: { AccessToken: 300, AuthorizationCode: 120, IdToken: 300, RefreshToken: 12 * 3600, ClientCredentials: 300, Grant: 12 * 3600, Session: 8 * 3600, Interaction: 600 },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    userinfo: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // JWT access tokens need a resource server; the userinfo client keeps opaque tokens for the userinfo endpoint.
      defaultResource: async (ctx) => (ctx.oidc.client?.['urn:bench:resource'] === false ? undefined : api),
      useGrantedResource: async () => true,
      getResourceServerInfo: async () => ({
        scope: 'openid profile email ihk.org offline_access',
        audience: api,
        accessTokenTTL: 300,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg } },
      }),
    },
  },
  extraClientMetadata: { properties: ['urn:bench:resource'] },
  extraTokenClaims: async (_ctx, token) => {
    if (!token.accountId) return undefined;
    const account = accounts.get(token.accountId);
    const scopes = new Set((token.scope ?? '').split(' '));
    const claims = { ...orgClaims(account, scopes) };
    if (scopes.has('profile')) Object.assign(claims, { name: account.name, given_name: account.given_name, family_name: account.family_name, preferred_username: account.preferred_username });
    if (scopes.has('email')) Object.assign(claims, { email: account.email, email_verified: account.email_verified });
    return claims;
  },
  findAccount: async (_ctx, sub) => {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => account };
  },
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

// "Login": the benchmark names the user in login_hint; the session and the grant are created without a page.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const accountId = details.params.login_hint ?? 'bench0';
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  grant.addOIDCClaims(['sub', 'name', 'given_name', 'family_name', 'preferred_username', 'email', 'email_verified', 'org_id', 'org_name', 'org_ident', 'chamber', 'role']);
  grant.addResourceScope(api, details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => { res.statusCode = 500; res.end(String(error)); });
    return;
  }
  callback(req, res);
}).listen(port, '127.0.0.1', () => console.log(`peer listening on ${issuer} (${alg})`));
