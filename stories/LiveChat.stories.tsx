import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { LiveChat } from './live/LiveChat';
import { scriptedReply } from './live/createLiveDemo';

/**
 * Live stories: each mounts an in-page engine (LocalTransport, no server) with a scripted agent, Ada,
 * who accepts invitations and answers what you type. The window is `ParleyChat` from `@parley/ui`.
 */
const meta = {
  title: 'Live/ParleyChat',
  component: LiveChat,
  args: { theme: 'auto', demo: { thinkMs: 300, typingMs: 700 } },
  argTypes: { theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] } },
} satisfies Meta<typeof LiveChat>;

export default meta;
type Story = StoryObj<typeof meta>;

const wait = { timeout: 4000 };

/** The chat is created and assigned on load; Ada accepts. Type a message and she answers. */
export const LiveConversation: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('heading', { name: 'Ada' }, wait)).toBeVisible();
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Where is my order?{Enter}');
    await expect(await canvas.findByText('Where is my order?', {}, wait)).toBeVisible();
    await expect(await canvas.findByText('Ada is typing…', {}, wait)).toBeVisible();
    await expect(await canvas.findByText(scriptedReply('Where is my order?'), {}, wait)).toBeVisible();
  },
};

/** Ada is away and two visitors are ahead: the chat waits in the queue and shows its place. */
export const WaitingInQueue: Story = {
  args: { demo: { agentStatus: 'away', queueAhead: 2 } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('You are number 3 in line.', {}, wait)).toBeVisible();
  },
};

/** Ada is online but lets the one offer (half a second) run out: `forever:alone`, with "Try again". */
export const NoAgentAvailable: Story = {
  args: { demo: { acceptInvitations: false }, assign: { maxAttempts: 1, interval: 0.5 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText('No agent is available right now.', {}, wait)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeVisible();
  },
};

/** The live conversation in the dark theme. */
export const DarkThemeLive: Story = {
  args: { theme: 'dark' },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole('heading', { name: 'Ada' }, wait);
    await expect(canvasElement.querySelector('.parley-window')?.getAttribute('data-theme')).toBe('dark');
  },
};
