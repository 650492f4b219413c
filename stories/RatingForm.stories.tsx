import type { Meta, StoryObj } from '@storybook/react-vite';
import { RatingForm } from '@parley/ui';
import { expect, fn, userEvent, within } from 'storybook/test';

const meta = {
  title: 'Components/RatingForm',
  component: RatingForm,
  args: { onRate: fn(async (_rating: { rating: 1 | 2 | 3 | 4 | 5; comment?: string }): Promise<unknown> => undefined) },
} satisfies Meta<typeof RatingForm>;

export default meta;
type Story = StoryObj<typeof meta>;

export const AfterAChat: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('radio', { name: '5 of 5' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Send rating' }));
    await expect(args.onRate).toHaveBeenCalledWith({ rating: 5 });
    await expect(await canvas.findByRole('status')).toHaveTextContent('Thank you for your feedback!');
  },
};
export const AlreadyRated: Story = { args: { rated: true } };
export const SendingFails: Story = { args: { onRate: fn(async (_rating: { rating: 1 | 2 | 3 | 4 | 5; comment?: string }): Promise<unknown> => Promise.reject(new Error('offline'))) } };
