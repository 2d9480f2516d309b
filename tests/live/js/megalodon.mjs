// megalodon, a real fediverse client library (npm), against the live server: it detects the
// server software through /.well-known/nodeinfo, registers an app, reads the instance and
// the account behind a token the test obtained.
// usage: node megalodon.mjs BASE_URL ACCESS_TOKEN
import generator, { detector } from 'megalodon';

const [baseUrl, accessToken] = process.argv.slice(2);

async function main() {
  const sns = await detector(baseUrl);
  const anonymous = generator(sns, baseUrl);
  const app = await anonymous.registerApp('megalodon live test', {
    scopes: ['read', 'write', 'follow'],
    redirect_uris: 'urn:ietf:wg:oauth:2.0:oob',
  });
  const instance = (await anonymous.getInstance()).data;
  const client = generator(sns, baseUrl, accessToken);
  const me = (await client.verifyAccountCredentials()).data;
  let anonymousError = null;
  try {
    await anonymous.verifyAccountCredentials();
  } catch (err) {
    anonymousError = { status: err.response?.status ?? null, body: err.response?.data ?? null };
  }
  return {
    sns,
    app: { clientId: app.client_id, clientSecret: app.client_secret, url: app.url },
    instance: { uri: instance.uri, title: instance.title, version: instance.version },
    me: { id: me.id, username: me.username, acct: me.acct },
    anonymousError,
  };
}

try {
  process.stdout.write(JSON.stringify(await main()) + '\n');
} catch (err) {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  if (err && err.response) {
    process.stderr.write(`HTTP ${err.response.status} ${JSON.stringify(err.response.data)}\n`);
  }
  process.exitCode = 1;
}
