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
