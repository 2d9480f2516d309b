// The password reset page in a real browser: open a reset link, read the form, type the
// new password twice, submit, read the answer page.
// usage: node password_reset.mjs LINK PASSWORD CONFIRMATION SCREENSHOT
import { run } from './lib.mjs';

const [link, password, confirmation, screenshot] = process.argv.slice(2);

await run(async ({ context, record }) => {
  const page = await context.newPage();
  const opened = await page.goto(link);
  const formStatus = opened ? opened.status() : null;
  const heading = (await page.locator('h2').first().textContent()).trim();
  await page.fill('input[name="data[password]"]', password);
  await page.fill('input[name="data[password_confirmation]"]', confirmation);
  const [submitted] = await Promise.all([
    page.waitForNavigation(),
    page.click('form button[type="submit"]'),
  ]);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  return {
    formStatus,
    heading,
    submitStatus: submitted ? submitted.status() : null,
    url: page.url(),
    title: await page.title(),
    bodyText: (await page.locator('body').innerText()).slice(0, 2000),
    ...record,
  };
});
