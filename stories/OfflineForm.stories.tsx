import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { OfflineForm } from '@parley/ui';

const meta = {
  title: 'Chat/OfflineForm',
  component: OfflineForm,
  args: { onSubmit: () => new Promise<void>((resolve) => setTimeout(resolve, 300)) },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 380, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof OfflineForm>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const ValidationErrors: Story = {
  args: { defaultValues: { name: 'Ada', email: 'ada@' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send message' }));
    await expect(canvas.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(canvas.getByText('Enter a valid email address.')).toBeInTheDocument();
  },
};

export const SendFails: Story = {
  args: {
    defaultValues: { name: 'Ada', email: 'ada@example.com', message: 'Please call me back.' },
    onSubmit: () => Promise.reject(new Error('offline')),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send message' }));
    await expect(await canvas.findByRole('alert')).toBeInTheDocument();
  },
};
