import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { NoteBubble } from '@parley/ui';
import { agent, colleague, note } from './fixtures';

const meta = {
  title: 'Chat/NoteBubble',
  component: NoteBubble,
  args: { note: note('n1', 3, colleague, 'Customer since 2019: offer the partner price.'), mine: false, senderName: 'Sam Lee' },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 360, padding: 12, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof NoteBubble>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A colleague's note, as it sits among the messages in the console. */
export const Colleague: Story = {
  play: async ({ canvasElement }) => {
    const bubble = within(canvasElement).getByRole('note', { name: 'Internal note by Sam Lee' });
    await expect(bubble.textContent).toContain('Internal note · only agents see this');
  },
};

export const Mine: Story = { args: { note: note('n2', 4, agent, 'Refund approved, **no return** needed.'), mine: true } };

export const WithLink: Story = { args: { note: note('n3', 5, colleague, 'Case file: https://crm.example.com/case/4411') } };

export const Dark: Story = {
  decorators: [
    (Story) => (
      <div className="parley" data-theme="dark" style={{ width: 360, padding: 12, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
};
