import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { CannedPicker } from '../packages/console/src/CannedPicker';
import { canned } from './AgentToolbox.stories';

const meta = {
  title: 'Console/CannedPicker',
  component: CannedPicker,
  args: { id: 'canned', responses: canned, active: 0, optionId: (index: number) => `canned-${index}`, onPick: fn() },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 420, position: 'relative', paddingTop: 200 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof CannedPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Matches: Story = {
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getAllByRole('option')[1]!);
    await expect(args.onPick).toHaveBeenCalledWith(canned[1]);
  },
};
export const SecondHighlighted: Story = { args: { active: 1 } };
