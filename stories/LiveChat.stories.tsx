import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { ParleyChat } from '@parley/ui';
import { historyText } from './fixtures';
import { LiveChat } from './live/LiveChat';
import { scriptedReply } from './live/scriptedAgent';

/**
 * Every state of the visitor's chat, live: each story mounts an in-page engine (LocalTransport, no
 * server) with a scripted agent, Ada, who accepts, reads what you write, types and answers. The window
 * is `ParleyChat` from `@parley/ui`; the play functions wait for each state, they never sleep.
 */
const meta = {
  title: 'Live/ParleyChat',
  component: LiveChat,
  // The Docs page's props table: the demo wrapper's own props, and the real component's in a tab.
  subcomponents: { ParleyChat },
  args: { theme: 'auto' },
  argTypes: { theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] } },
} satisfies Meta<typeof LiveChat>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Ada's pace: quick enough for tests, slow enough to watch each step. */
const pace = { readAfterMs: 150, thinkMs: 250, typingMs: 700 };
const greeting = 'Hi, I am Ada. How can I help?';
const wait = { timeout: 4000 };

async function say(canvasElement: HTMLElement, text: string): Promise<void> {
  await userEvent.type(within(canvasElement).getByRole('textbox', { name: 'Message' }), `${text}{Enter}`);
}

/** Ada has joined and nobody has written yet. Say hello and she answers. */
export const Empty: Story = {
  args: { demo: pace },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('heading', { name: 'Ada' }, wait)).toBeVisible();
    await expect(canvas.getByText('No messages yet. Say hello!')).toBeVisible();
  },
};

/** Ada greets on joining; type a message and she answers. */
export const Active: Story = {
  args: { demo: { ...pace, greeting } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(greeting, {}, wait)).toBeVisible();
    await say(canvasElement, 'Where is my order?');
    await expect(await canvas.findByText('Where is my order?', {}, wait)).toBeVisible();
    await expect(await canvas.findByText(scriptedReply('Where is my order?'), {}, wait)).toBeVisible();
  },
};

/** Ada takes her time typing: the indicator shows until her answer arrives. */
export const Typing: Story = {
  args: { demo: { ...pace, typingMs: 1500 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('heading', { name: 'Ada' }, wait);
    await say(canvasElement, 'Can you check my invoice?');
    await expect(await canvas.findByText('Ada is typing…', {}, wait)).toBeVisible();
    await canvas.findByText(scriptedReply('Can you check my invoice?'), {}, wait);
    await waitFor(() => expect(canvas.queryByText('Ada is typing…')).toBeNull(), wait);
  },
};

/** Ada reads each message before answering: its ticks turn from sent to read. */
export const Read: Story = {
  args: { demo: { ...pace, readAfterMs: 500 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('heading', { name: 'Ada' }, wait);
    await say(canvasElement, 'Is anyone reading this?');
    await expect(await canvas.findByRole('img', { name: 'Read' }, wait)).toBeVisible();
  },
};

/** The gateway turns the first message away: it shows "Not sent" with Retry, and the retry goes through. */
export const FailedMessage: Story = {
  args: { demo: { ...pace, refuseSends: 1 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('heading', { name: 'Ada' }, wait);
    await say(canvasElement, 'Can I change the address?');
    await expect(await canvas.findByRole('img', { name: 'Not sent' }, wait)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    // Delivered this time: the failed row itself becomes the stored message, read by Ada and answered.
    await expect(await canvas.findByRole('img', { name: 'Read' }, wait)).toBeVisible();
    await waitFor(() => expect(canvas.queryByRole('img', { name: 'Not sent' })).toBeNull(), wait);
    expect(canvas.getAllByText('Can I change the address?')).toHaveLength(1);
    await expect(await canvas.findByText(scriptedReply('Can I change the address?'), {}, wait)).toBeVisible();
  },
};

/** Ada answers once and ends the chat; "Start a new chat" opens the next one, and she joins again. */
export const Closed: Story = {
  args: { demo: { ...pace, greeting, closeAfterAnswers: 1 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText(greeting, {}, wait);
    await say(canvasElement, 'That is all, thanks.');
    await expect(await canvas.findByText('The agent ended the chat.', {}, wait)).toBeVisible();
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    await userEvent.click(canvas.getByRole('button', { name: 'Start a new chat' }));
    await waitFor(() => expect(canvas.queryByText('The agent ended the chat.')).toBeNull(), wait);
    await expect(await canvas.findByText(greeting, {}, wait)).toBeVisible();
  },
};

/** The header's × asks before it ends the chat: "Keep chatting" goes back, "End chat" ends it. */
export const EndChatQuestion: Story = {
  args: { demo: { ...pace, greeting } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByText(greeting, {}, wait);
    await userEvent.click(canvas.getByRole('button', { name: 'Close chat' }));
    const question = canvas.getByRole('alertdialog', { name: 'End this chat?' });
    await userEvent.click(within(question).getByRole('button', { name: 'Keep chatting' }));
    expect(canvas.queryByRole('alertdialog')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Close chat' }));
    await userEvent.click(canvas.getByRole('button', { name: 'End chat' }));
    await expect(await canvas.findByText('You ended the chat.', {}, wait)).toBeVisible();
  },
};

/**
 * Ada serves one chat at a time and three visitors came first: the chat waits at number 3, and moves
 * up as each of them leaves, until Ada joins.
 */
export const WaitingInQueue: Story = {
  args: { demo: { ...pace, agentCapacity: 1, queueAhead: 3, aheadChatMs: 1500 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('You are number 3 in line.', {}, wait)).toBeVisible();
    await expect(await canvas.findByText('You are number 2 in line.', {}, wait)).toBeVisible();
  },
};

/** Ada is offered the chat and takes a moment to accept. */
export const AgentJoining: Story = {
  args: { demo: { ...pace, acceptAfterMs: 1200 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('An agent is joining…', {}, wait)).toBeVisible();
    await expect(await canvas.findByRole('heading', { name: 'Ada' }, wait)).toBeVisible();
  },
};

/** Ada is online but lets the one offer (half a second) run out: `forever:alone`, with "Try again". */
export const NoAgentAvailable: Story = {
  args: { demo: { ...pace, acceptInvitations: false }, assign: { maxAttempts: 1, interval: 0.5 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('No agent is available right now.', {}, wait)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeVisible();
  },
};

/** Nobody is online: the window offers the offline form, and sending it leaves the message in a new, queued chat. */
export const OfflineForm: Story = {
  args: { demo: { agentStatus: 'offline' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByLabelText('Name', {}, wait), 'Vera');
    await userEvent.type(canvas.getByLabelText('Email'), 'vera@example.com');
    await userEvent.type(canvas.getByLabelText('Message'), 'Please call me back about order 4411.');
    await userEvent.click(canvas.getByRole('button', { name: 'Send message' }));
    await expect(await canvas.findByText('Thanks! We will get back to you.', {}, wait)).toBeVisible();
  },
};

/** The live conversation in the dark theme. */
export const DarkTheme: Story = {
  args: { theme: 'dark', demo: { ...pace, greeting } },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText(greeting, {}, wait);
    await expect(canvasElement.querySelector('.parley-window')?.getAttribute('data-theme')).toBe('dark');
  },
};

/**
 * A chat holding 10,000 earlier messages (`history:import`, in batches): only the rows in view are in
 * the page, and the conversation goes on live below them.
 */
export const TenThousandMessages: Story = {
  args: { demo: { ...pace, history: 10_000 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(historyText(10_000), {}, { timeout: 10_000 })).toBeVisible();
    await expect(canvasElement.querySelector('[data-index="9999"]')).not.toBeNull();
    await expect(canvasElement.querySelectorAll('.parley-message-row').length).toBeLessThan(100);
    await say(canvasElement, 'Still there?');
    await expect(await canvas.findByText(scriptedReply('Still there?'), {}, wait)).toBeVisible();
  },
};
