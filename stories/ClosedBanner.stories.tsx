import type { Meta, StoryObj } from '@storybook/react-vite';
import { ClosedBanner } from '@parley/ui';

const meta = {
  title: 'Chat/ClosedBanner',
  component: ClosedBanner,
  args: { closedBy: 'agent', onStartNew: () => {} },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 380 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ClosedBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

export const ByAgent: Story = {};
export const ByVisitor: Story = { args: { closedBy: 'me' } };
export const BySystem: Story = { args: { closedBy: 'system', onStartNew: undefined } };
/** The visitor may have the transcript e-mailed (to the address they left). */
export const WithTranscript: Story = { args: { closedBy: 'me', onEmailTranscript: () => Promise.resolve('vera@example.com') } };
