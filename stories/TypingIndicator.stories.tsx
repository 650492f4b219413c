import type { Meta, StoryObj } from '@storybook/react-vite';
import { TypingIndicator } from '@parley/ui';

const meta = {
  title: 'Chat/TypingIndicator',
  component: TypingIndicator,
  args: { names: ['Anna'] },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 320 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof TypingIndicator>;

export default meta;
type Story = StoryObj<typeof meta>;

export const One: Story = {};
export const Two: Story = { args: { names: ['Anna', 'Bo'] } };
export const Several: Story = { args: { names: ['Anna', 'Bo', 'Cy'] } };
export const Nobody: Story = { args: { names: [] } };
