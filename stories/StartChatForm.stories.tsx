import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { StartChatForm } from '@parley/ui';

const meta = {
  title: 'Chat/StartChatForm',
  component: StartChatForm,
  args: { onStart: fn(() => new Promise<void>((resolve) => setTimeout(resolve, 300))) },
  decorators: [
    (Story) => (
      <div className="parley" style={{ width: 380, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof StartChatForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The widget's first screen while agents are online. */
export const Default: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByLabelText('Your name (optional)'), 'Vera');
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }));
    await expect(args.onStart).toHaveBeenCalledWith('Vera');
  },
};

/** The host passed the visitor's name (`Parley.mount({ user: { name } })`): nothing to ask. */
export const NameKnown: Story = { args: { askName: false } };

export const StartFails: Story = {
  args: { onStart: fn(() => Promise.reject(new Error('offline'))) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Start chat' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('The chat could not be started. Please try again.');
  },
};

export const Dark: Story = {
  decorators: [
    (Story) => (
      <div className="parley" data-theme="dark" style={{ width: 380, background: 'var(--parley-color-bg)' }}>
        <Story />
      </div>
    ),
  ],
};

/** In the widget: the header already says the title; the room's welcome replaces the generic intro. */
export const WithWelcome: Story = { args: { heading: false, welcome: 'Hi there! Ask us **anything**: we usually answer in minutes.' } };
