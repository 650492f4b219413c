import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { VisitorPresenceBadge } from '../packages/console/src/VisitorPresenceBadge';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/VisitorPresenceBadge',
  component: VisitorPresenceBadge,
  args: { online: true },
  decorators: [
    (Story) => (
      <div
        className="parley parley-header console-app"
        style={{ display: 'flex', gap: 8, alignItems: 'center', padding: 12, background: 'var(--parley-color-accent)', color: 'var(--parley-color-accent-text)' }}
      >
        <Story />
        <button type="button" className="console-header-button">
          Close chat
        </button>
      </div>
    ),
  ],
} satisfies Meta<typeof VisitorPresenceBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A page of the visitor is open: a reply is read now. */
export const OnThePage: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Visitor on the page')).toBeTruthy();
  },
};

/** None has been for the server's presence grace: replies wait for the visitor's return. */
export const LeftThePage: Story = {
  args: { online: false },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('Visitor left the page')).toBeTruthy();
  },
};

/** Not known yet (the chat is still being read): nothing shows. */
export const Unknown: Story = { args: { online: undefined } };
