// The out-of-band OAuth flow in a real browser: open /oauth/authorize, fill in the login
// form, submit, read the code the server shows in #authorization-code.
// usage: node oauth_login.mjs BASE_URL AUTHORIZE_PATH USERNAME PASSWORD SCREENSHOT
import { loginThroughForm, run } from './lib.mjs';

const [baseUrl, authorizePath, username, password, screenshot] = process.argv.slice(2);

await run(async ({ context, record }) => {
  const { page, formStatus, submitStatus } = await loginThroughForm(
    context, baseUrl, authorizePath, username, password);
  const codeElement = page.locator('#authorization-code');
  const code = (await codeElement.count()) ? (await codeElement.textContent()).trim() : null;
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  const cookies = (await context.cookies(baseUrl)).map((c) => ({
    name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite, path: c.path,
  }));
  return {
    formStatus,
    submitStatus,
    url: page.url(),
    title: await page.title(),
    code,
    bodyText: (await page.locator('body').innerText()).slice(0, 2000),
    cookies,
    ...record,
  };
});
