import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Avatar } from '@parley/ui';

const meta = {
  title: 'Chat/Avatar',
  component: Avatar,
  args: { id: 'agent1', name: 'Ada Agent' },
  decorators: [
    (Story) => (
      <div className="parley" style={{ padding: 12, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Avatar>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Initials on a colour that follows the id: the same person looks the same everywhere. */
export const Initials: Story = {
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.parley-avatar')).toHaveTextContent('AA');
  },
};

/** The size used in the widget's header. */
export const Large: Story = { args: { size: 36 } };

/** Standing alone (no name next to it), it is an image named after the person. */
export const Labelled: Story = {
  args: { labelled: true },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('img', { name: 'Ada Agent' })).toBeTruthy();
  },
};

/** A team side by side: the palette keeps them apart. */
export const Team: Story = {
  render: () => (
    <div style={{ display: 'flex', gap: 8 }}>
      {['Ada Agent', 'Bob Agent', 'Chen Li', 'Dara Okafor', 'Émile Zola', 'Fatima Noor'].map((name, index) => (
        <Avatar key={name} id={`agent${index + 1}`} name={name} size={36} />
      ))}
    </div>
  ),
};
