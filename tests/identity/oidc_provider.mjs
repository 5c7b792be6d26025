// A real OpenID provider for the tests: panva's certified `oidc-provider` on 127.0.0.1.
//
// Started and stopped by tests/identity/provider.py (a pytest fixture). Reads one JSON file (argv[2]):
//   { "port": 0, "keys": [private JWK, …], "clients": [client metadata, …],
//     "accounts": { "<sub>": { "email": "…", "email_verified": true, "name": "…" }, … } }
// Sign-in uses the provider's own development login and consent pages (any password is accepted;
// the login typed is the account's `sub`). Prints `listening <issuer>` once it accepts connections.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const server = createServer();
server.listen(config.port ?? 0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: { keys: config.keys },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(ctx, sub) {
      const account = config.accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });
  provider.proxy = false;
  server.on('request', provider.callback());
  process.stdout.write(`listening ${issuer}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
