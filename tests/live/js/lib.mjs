// Shared helpers for the live browser scripts: launch Debian's headless chromium through
// playwright-core, record every request the browser makes, print one JSON result line.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch chromium and open one context whose every request URL is recorded. */
export async function openBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.PLENUM_CHROMIUM || '/usr/lib/chromium/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60000,
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const record = { requests: [], failedRequests: [], pageErrors: [], consoleErrors: [] };
  context.on('request', (req) => record.requests.push(req.url()));
  context.on('requestfailed', (req) =>
    record.failedRequests.push(`${req.url()} ${req.failure()?.errorText ?? ''}`));
  context.on('page', (page) => watchPage(page, record));
  context.setDefaultTimeout(30000);
  return { browser, context, record };
}

function watchPage(page, record) {
  page.on('pageerror', (err) => record.pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') record.consoleErrors.push(msg.text());
  });
}

/** Log in through the server's /oauth/authorize form; return the page showing the code. */
export async function loginThroughForm(context, baseUrl, authorizePath, username, password) {
  const page = await context.newPage();
  const response = await page.goto(new URL(authorizePath, baseUrl).href);
  const formStatus = response ? response.status() : null;
  await page.fill('input[name="authorization[name]"]', username);
  await page.fill('input[name="authorization[password]"]', password);
  const [submitted] = await Promise.all([
    page.waitForNavigation(),
    page.click('form[action="/oauth/authorize"] button[type="submit"]'),
  ]);
  return { page, formStatus, submitStatus: submitted ? submitted.status() : null };
}

/** Print the result as the last stdout line (the Python test parses it). */
export function emit(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * Run main(), always closing the browser. On failure exit 1 with the stack on stderr and,
 * on stdout, what the browser saw: the record, and the URL and text of the last page.
 */
export async function run(main) {
  let opened = null;
  try {
    opened = await openBrowser();
    emit(await main(opened));
  } catch (err) {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
    if (opened) {
      const pages = opened.context.pages();
      const last = pages[pages.length - 1];
      const seen = { error: String(err), ...opened.record };
      if (last) {
        seen.url = last.url();
        seen.bodyText = await last.locator('body').innerText({ timeout: 2000 })
          .then((t) => t.slice(0, 3000)).catch(() => null);
      }
      emit(seen);
    }
  } finally {
    if (opened) await opened.browser.close();
  }
}
