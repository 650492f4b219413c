import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations } from './axe';
import { logIn as logInAt, openStartForm } from './consoleSteps';
import { newPerson, screenshot } from './harness';
import { useServerAndBrowser } from './describeHooks';

/**
 * The console as an agent lives in it for a shift (issue 15): transfers that keep the chat until a
 * colleague accepts, a rejected visitor told at once, invitations first on a phone, a chime and a
 * desktop notification, the closed chats, and axe over each state. Demo agents: agent1 "Ada Agent"
 * and agent2 "Bob Agent" in room support.
 */

/**
 * Records what the page asks of the browser's attention: `new Notification(…)`, permission requests
 * and Web Audio tones started. Installed before the page's own scripts run.
 */
function recordAlerts(): void {
  const record = { notifications: [] as Array<{ title: string; body: string }>, permissionRequests: 0, tones: 0 };
  Object.assign(window, { parleyAlerts: record });
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      record.notifications.push({ title, body: options?.body ?? '' });
    }
    static override requestPermission(...args: Parameters<typeof Notification.requestPermission>) {
      record.permissionRequests += 1;
      return Real.requestPermission(...args);
    }
  }
  window.Notification = Recorded;
  const start = AudioScheduledSourceNode.prototype.start;
  AudioScheduledSourceNode.prototype.start = function (this: AudioScheduledSourceNode, ...args: Parameters<typeof start>) {
    record.tones += 1;
    return start.apply(this, args);
  };
}

interface RecordedAlerts {
  notifications: Array<{ title: string; body: string }>;
  permissionRequests: number;
  tones: number;
}

function alertsOf(page: Page): Promise<RecordedAlerts> {
  return page.evaluate(() => (window as unknown as { parleyAlerts: RecordedAlerts }).parleyAlerts);
}

describe('the agent desk in Chromium', () => {
  const env = useServerAndBrowser({ presenceGraceMs: 0 });

  const logIn = (page: Page, username: string) => logInAt(page, env.server.url, username);

  /** A visitor starts a chat from the demo page's launcher. */
  async function startChat(page: Page, name: string): Promise<void> {
    await openStartForm(page, env.server.url, name);
    await page.getByRole('button', { name: 'Start chat' }).click();
  }

  /** A person whose browser records notifications and tones; `granted` answers the permission prompt. */
  async function alertedPerson(granted: boolean): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await env.browser.newContext({ viewport: { width: 1100, height: 760 }, reducedMotion: 'reduce', bypassCSP: true });
    if (granted) await context.grantPermissions(['notifications'], { origin: env.server.url });
    await context.addInitScript(recordAlerts);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  }

  it('a visitor the only online agent rejects is told at once, with "Try again" and "Leave a message"; the agent is not asked again', async () => {
    const agent = await newPerson(env.browser);
    const visitor = await newPerson(env.browser);
    await logIn(agent.page, 'agent1');
    await startChat(visitor.page, 'Rita');
    const invitation = agent.page.getByRole('listitem', { name: 'Invitation from Rita' });
    await invitation.getByRole('button', { name: 'Reject' }).click();

    await visitor.page.getByText('No agent is available right now.').waitFor({ timeout: 10_000 });
    await visitor.page.getByRole('button', { name: 'Try again' }).waitFor();
    await screenshot(visitor.page, 'visitor-no-agents');
    // Not offered back to the agent who said no.
    expect(await agent.page.getByRole('listitem', { name: 'Invitation from Rita' }).count()).toBe(0);
    await agent.page.getByText('No invitations right now.').waitFor();

    // Leaving a message instead: the chat ends and the offline form takes its place.
    await visitor.page.getByRole('button', { name: 'Leave a message' }).click();
    await visitor.page.getByRole('button', { name: 'Send message' }).waitFor();
    expect(visitor.errors).toEqual([]);
    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), visitor.context.close()]);
  });

  it('a transfer keeps the chat with its agent until the colleague accepts; the visitor is told, and a refusal brings it back', async () => {
    const ada = await newPerson(env.browser);
    const bob = await newPerson(env.browser);
    const visitor = await newPerson(env.browser);
    await logIn(ada.page, 'agent1');
    await startChat(visitor.page, 'Tess');
    await ada.page.getByRole('listitem', { name: 'Invitation from Tess' }).getByRole('button', { name: 'Accept' }).click();
    await visitor.page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();
    await logIn(bob.page, 'agent2');

    // Bob is picked by name from the colleagues online.
    const transfer = ada.page.getByRole('region', { name: 'Transfer' });
    const picker = transfer.getByRole('combobox', { name: 'Transfer to' });
    await expect.poll(() => picker.locator('option', { hasText: 'Bob Agent' }).count(), { timeout: 20_000 }).toBe(1);
    await picker.selectOption({ label: 'Bob Agent' });
    await transfer.getByRole('button', { name: 'Transfer' }).click();

    // Still Ada's chat: pending in her panel, the conversation open; the visitor reads a notice, not a queue.
    await transfer.getByText('Transfer to Bob Agent pending…').waitFor();
    const conversation = ada.page.getByRole('region', { name: 'Conversation' });
    await conversation.getByText('Ada Agent is transferring you to Bob Agent.').waitFor();
    await visitor.page.getByRole('log').getByText('Ada Agent is transferring you to Bob Agent.').waitFor();
    expect(await visitor.page.getByText('Connecting you to an agent').count()).toBe(0);
    expect(await visitor.page.getByText('An agent is joining…').count()).toBe(0);
    await screenshot(ada.page, 'console-transfer-pending');

    // Bob says no: the chat stays with Ada, and both sides are told.
    const offered = bob.page.getByRole('listitem', { name: 'Invitation from Tess' });
    await offered.getByText('Transferred by Ada Agent').waitFor();
    await offered.getByRole('button', { name: 'Reject' }).click();
    await transfer.getByText('Bob Agent did not take the chat. It stays with you.').waitFor();
    await visitor.page.getByRole('log').getByText('Bob Agent did not take the chat; Ada Agent stays with you.').waitFor();
    const composer = conversation.getByRole('textbox', { name: 'Message' });
    await composer.fill('Still with you.');
    await composer.press('Enter');
    await visitor.page.getByRole('log').getByText('Still with you.').waitFor();

    // Asked again, Bob accepts: only now does the chat leave Ada's desk, and the visitor's header names Bob.
    await expect.poll(() => picker.locator('option', { hasText: 'Bob Agent' }).count(), { timeout: 20_000 }).toBe(1);
    await picker.selectOption({ label: 'Bob Agent' });
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await bob.page.getByRole('listitem', { name: 'Invitation from Tess' }).getByRole('button', { name: 'Accept' }).click();
    await ada.page.getByText('Chat transferred to Bob Agent.').waitFor();
    expect(await ada.page.getByRole('navigation', { name: 'Open chats' }).getByRole('button', { name: /^Tess/ }).count()).toBe(0);
    await visitor.page.locator('.parley-header-title', { hasText: 'Bob Agent' }).waitFor();
    await bob.page.getByRole('region', { name: 'Conversation' }).getByText('Still with you.').waitFor();

    for (const person of [ada, bob, visitor]) expect(person.errors).toEqual([]);
    await Promise.all([ada.context.close(), bob.context.close(), visitor.context.close()]);
  });

  it('on a 375 px console the invitation is above the fold, not under an empty pane', async () => {
    const agent = await newPerson(env.browser);
    await agent.page.setViewportSize({ width: 375, height: 667 });
    const visitor = await newPerson(env.browser);
    // agent2: agent1 keeps its capacity for the tests after this one.
    await logIn(agent.page, 'agent2');
    await startChat(visitor.page, 'Nina');
    const invitation = agent.page.getByRole('listitem', { name: 'Invitation from Nina' });
    const accept = invitation.getByRole('button', { name: 'Accept' });
    await accept.waitFor();
    const box = await accept.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(667);
    // The empty pane's placeholder takes no room above it.
    expect(await agent.page.getByText('Accepted chats open here.').isVisible()).toBe(false);
    await screenshot(agent.page, 'console-narrow-invitation');

    // With a chat open, a new invitation still comes first.
    await accept.click();
    const other = await newPerson(env.browser);
    await startChat(other.page, 'Omar');
    const next = agent.page.getByRole('listitem', { name: 'Invitation from Omar' }).getByRole('button', { name: 'Accept' });
    await next.waitFor();
    await agent.page.evaluate(() => document.querySelector('.console-columns')?.scrollTo(0, 0));
    const nextBox = await next.boundingBox();
    expect(nextBox!.y + nextBox!.height).toBeLessThanOrEqual(667);
    await next.click();
    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), visitor.context.close(), other.context.close()]);
  });

  it("tells the agent when the visitor's page is gone and when they are back (the presence grace is 0 here)", async () => {
    const agent = await newPerson(env.browser);
    const visitor = await newPerson(env.browser);
    await logIn(agent.page, 'agent1');
    await startChat(visitor.page, 'Pia');
    await agent.page.getByRole('listitem', { name: 'Invitation from Pia' }).getByRole('button', { name: 'Accept' }).click();
    const conversation = agent.page.getByRole('region', { name: 'Conversation' });
    await conversation.getByText('Visitor on the page').waitFor();

    // The tab is closed: the visitor's socket goes with it.
    await visitor.page.close();
    await conversation.getByText('Visitor left the page').waitFor({ timeout: 10_000 });
    await screenshot(agent.page, 'console-visitor-left');

    // The same browser opens the site again: the widget resumes the chat and the agent is told.
    const again = await visitor.context.newPage();
    await again.goto(`${env.server.url}/`);
    await again.getByRole('button', { name: 'Open chat' }).click();
    await conversation.getByText('Visitor on the page').waitFor({ timeout: 10_000 });

    await conversation.getByRole('button', { name: 'Close chat' }).click();
    await conversation.getByRole('button', { name: 'Dismiss' }).waitFor();
    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), visitor.context.close()]);
  });

  it('asks for notification permission on login, not on page load', async () => {
    const agent = await alertedPerson(false);
    await agent.page.goto(`${env.server.url}/console/`);
    await agent.page.getByLabel('Username').waitFor();
    expect((await alertsOf(agent.page)).permissionRequests).toBe(0);
    await logIn(agent.page, 'agent1');
    expect((await alertsOf(agent.page)).permissionRequests).toBe(1);
    // A reload restores the desk without asking again.
    await agent.page.reload();
    await agent.page.getByLabel('Status').waitFor();
    expect((await alertsOf(agent.page)).permissionRequests).toBe(0);
    await agent.page.getByRole('button', { name: 'Log out' }).click();
    await agent.page.getByText('You are logged out.').waitFor();
    await agent.context.close();
  });

  it('rings and shows a desktop notification for a new invitation and for a message in a chat not in view', async () => {
    const agent = await alertedPerson(true);
    const vera = await newPerson(env.browser);
    const otto = await newPerson(env.browser);
    await logIn(agent.page, 'agent1');

    await startChat(vera.page, 'Vera');
    await agent.page.getByRole('listitem', { name: 'Invitation from Vera' }).waitFor();
    await expect.poll(async () => (await alertsOf(agent.page)).notifications.map((note) => note.title)).toEqual(['New chat invitation']);
    expect((await alertsOf(agent.page)).tones).toBeGreaterThan(0);
    await agent.page.getByRole('listitem', { name: 'Invitation from Vera' }).getByRole('button', { name: 'Accept' }).click();
    await vera.page.locator('.parley-header-title', { hasText: 'Ada Agent' }).waitFor();

    await startChat(otto.page, 'Otto');
    await agent.page.getByRole('listitem', { name: 'Invitation from Otto' }).getByRole('button', { name: 'Accept' }).click();
    await agent.page.getByRole('region', { name: 'Conversation' }).getByRole('heading', { name: 'Otto' }).waitFor();
    const tonesBefore = (await alertsOf(agent.page)).tones;

    // Vera writes while Otto's chat is open.
    const composer = vera.page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Are you still there?');
    await composer.press('Enter');
    await expect.poll(async () => (await alertsOf(agent.page)).notifications.at(-1)).toEqual({ title: 'Vera wrote', body: 'Are you still there?' });
    expect((await alertsOf(agent.page)).tones).toBeGreaterThan(tonesBefore);

    // Otto writes in the open chat: seen as it comes, no ring.
    const count = (await alertsOf(agent.page)).notifications.length;
    const ottoComposer = otto.page.getByRole('textbox', { name: 'Message' });
    await ottoComposer.fill('Hello');
    await ottoComposer.press('Enter');
    await agent.page.getByRole('region', { name: 'Conversation' }).getByText('Hello').waitFor();
    expect((await alertsOf(agent.page)).notifications).toHaveLength(count);

    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), vera.context.close(), otto.context.close()]);
  });

  it('lists closed chats with their transcripts, keeps the open one across a reload, and axe finds nothing in any state', async () => {
    const agent = await alertedPerson(true);
    const visitor = await newPerson(env.browser);
    await agent.page.goto(`${env.server.url}/console/`);
    await agent.page.getByLabel('Username').waitFor();
    expect(await axeViolations(agent.page, 'page'), 'login').toEqual([]);

    await logIn(agent.page, 'agent1');
    await agent.page.getByText('No invitations right now.').waitFor();
    expect(await axeViolations(agent.page, 'page'), 'empty desk').toEqual([]);

    await startChat(visitor.page, 'Cara');
    const invitation = agent.page.getByRole('listitem', { name: 'Invitation from Cara' });
    await invitation.getByRole('timer').waitFor();
    expect(await axeViolations(agent.page, 'page'), 'invitation').toEqual([]);

    await invitation.getByRole('button', { name: 'Accept' }).click();
    const conversation = agent.page.getByRole('region', { name: 'Conversation' });
    const visitorComposer = visitor.page.getByRole('textbox', { name: 'Message' });
    await visitorComposer.fill('Where is my parcel?');
    await visitorComposer.press('Enter');
    await conversation.getByText('Where is my parcel?').waitFor();
    await agent.page.getByRole('region', { name: 'Transfer' }).getByRole('combobox', { name: 'Transfer to' }).isEnabled();
    expect(await axeViolations(agent.page, 'page'), 'conversation').toEqual([]);

    await conversation.getByRole('button', { name: 'Close chat' }).click();
    await conversation.getByRole('button', { name: 'Dismiss' }).click();
    const closed = agent.page.getByRole('navigation', { name: 'Closed chats' });
    await closed.getByRole('button', { name: /^Cara/ }).click();
    await conversation.getByText('Where is my parcel?').waitFor();
    expect(await conversation.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await screenshot(agent.page, 'console-closed-transcript');
    expect(await axeViolations(agent.page, 'page'), 'closed list and transcript').toEqual([]);

    // The transcript open survives a reload.
    await agent.page.reload();
    await conversation.getByText('Where is my parcel?').waitFor();
    expect(agent.errors).toEqual([]);
    await Promise.all([agent.context.close(), visitor.context.close()]);
  });
});
