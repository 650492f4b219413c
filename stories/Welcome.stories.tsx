import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { Welcome } from '@parley/ui';

const meta = {
  title: 'Chat/Welcome',
  component: Welcome,
  args: { message: 'Hi there! Ask us **anything** about your order, or read www.example.com/help.' },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 360, padding: 12, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Welcome>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The room's greeting from the server's room settings, before the first message. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const note = within(canvasElement).getByRole('complementary', { name: 'Welcome message' });
    await expect(note.querySelector('strong')).toHaveTextContent('anything');
  },
};

export const Dark: Story = {
  decorators: [
    (Story) => (
      <div className="parley" data-theme="dark" style={{ width: 360, padding: 12, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
};
