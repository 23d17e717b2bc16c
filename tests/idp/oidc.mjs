// A real OpenID Connect provider (panva's oidc-provider) on loopback, for Salon's tests.
// Usage: node oidc.mjs <port> <world.json>
// world.json: {"clients": [{client_id, client_secret, redirect_uris}], "accounts": {sub: claims}}
// The accounts are read again at every sign-in, so a test can change a person's claims
// between two sign-ins. Consent is granted at once: the sign-in form is the only step.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const [port, worldPath] = process.argv.slice(2);
const world = () => JSON.parse(readFileSync(worldPath, 'utf8'));
const issuer = `http://127.0.0.1:${port}`;

// The provider's clock can run ahead of the machine's (world.clock_offset, in seconds, read
// at each request), to test how far Salon tolerates a skewed clock.
const realNow = Date.now;
let clockOffset = 0;
Date.now = () => realNow() + clockOffset * 1000;

const provider = new Provider(issuer, {
  clients: world().clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    ...client,
  })),
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'locale', 'job_title', 'department',
      'region', 'manager_email', 'groups'],
  },
  async findAccount(ctx, sub) {
    const claims = world().accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, async claims() { return { sub, ...claims }; } };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      accountId: ctx.oidc.session.accountId,
      clientId: ctx.oidc.client.clientId,
    });
    grant.addOIDCScope('openid email profile');
    return grant.save().then(() => grant);
  },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  // The tests' clock is the machine's; Salon must accept tokens issued "now".
  ttl: { AccessToken: 600, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
});
provider.use(async (ctx, next) => {
  clockOffset = Number(world().clock_offset || 0);
  await next();
});
provider.proxy = false;
provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
