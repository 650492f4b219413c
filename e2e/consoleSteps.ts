import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** An agent logs in to the console (demo password) and is online. */
export async function logIn(page: Page, serverUrl: string, username: string): Promise<void> {
  await page.goto(`${serverUrl}/console/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Status').waitFor();
  await expect.poll(() => page.getByLabel('Status').inputValue(), { timeout: 20_000 }).toBe('online');
}

/** A visitor opens the demo page's launcher and fills in a name (the start form is then on screen). */
export async function openStartForm(page: Page, serverUrl: string, name: string): Promise<void> {
  await page.goto(`${serverUrl}/`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await page.getByLabel('Your name (optional)').fill(name);
}

/** A one-time link opened in the console: the password set, then the login form with it. */
export async function setPasswordAndLogIn(page: Page, link: string, password: string, setup?: { username: string; name: string }): Promise<void> {
  await page.goto(link);
  if (setup) {
    await page.getByLabel('Username').fill(setup.username);
    await page.getByLabel('Your name').fill(setup.name);
  }
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByText('Your password is set. Log in.').waitFor();
  expect(page.url()).not.toContain('#link=');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByLabel('Status').waitFor();
}
