// GraphiQL in a real browser, offline: log in through the /oauth/authorize form (which sets
// the session cookie), open /graphiql?q=... (Strawberry's page takes the editor content from
// `q`; a GET with `query` is executed as GraphQL instead), run the query with the execute
// button and read the result from the response pane. Every request URL is recorded.
// usage: node graphiql.mjs BASE_URL AUTHORIZE_PATH USERNAME PASSWORD QUERY SCREENSHOT
import { loginThroughForm, run } from './lib.mjs';

const [baseUrl, authorizePath, username, password, query, screenshot] = process.argv.slice(2);

function sentQuery(request) {
  try {
    return JSON.parse(request.postData() ?? 'null')?.query;
  } catch {
    return undefined;
  }
}

await run(async ({ context, record }) => {
  const login = await loginThroughForm(context, baseUrl, authorizePath, username, password);
  await login.page.close();

  const page = await context.newPage();
  // encodeURIComponent, not URLSearchParams: the page decodes with decodeURIComponent,
  // which leaves a '+' for a space as it is
  const answer = await page.goto(new URL(`/graphiql?q=${encodeURIComponent(query)}`, baseUrl).href);
  const button = page.locator('.graphiql-execute-button');
  await button.waitFor({ state: 'visible' });
  const [graphqlResponse] = await Promise.all([
    // the page posts to its own URL without the query string; its schema introspection
    // may still be in flight, so wait for the answer to our query
    page.waitForResponse((r) => ['/graphql', '/graphiql'].includes(new URL(r.url()).pathname)
      && r.request().method() === 'POST' && sentQuery(r.request()) === query),
    button.click(),
  ]);
  const responseJson = await graphqlResponse.json().catch(() => null);
  // the response pane (a CodeMirror editor) shows the JSON once it arrives
  const pane = page.locator('.graphiql-response');
  await page.waitForFunction(
    (name) => document.querySelector('.graphiql-response')?.innerText.includes(name),
    username, { timeout: 20000 }).catch(() => {});
  const paneText = (await pane.count()) ? await pane.innerText() : null;
  const editorText = await page.locator('.graphiql-query-editor').innerText().catch(() => null);
  if (screenshot) await page.screenshot({ path: screenshot });
  return {
    loginSubmitStatus: login.submitStatus,
    pageStatus: answer ? answer.status() : null,
    title: await page.title(),
    graphqlStatus: graphqlResponse.status(),
    responseJson,
    paneText,
    editorText,
    ...record,
  };
});
