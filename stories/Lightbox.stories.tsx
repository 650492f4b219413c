import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, within } from 'storybook/test';
import { Lightbox } from '@parley/ui';

const picture =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="640" height="400" fill="#4f7cac"/><circle cx="180" cy="160" r="80" fill="#f2c14e"/></svg>');

const meta = {
  title: 'Chat/Lightbox',
  component: Lightbox,
  args: { src: picture, name: 'screenshot.png', onClose: fn() },
} satisfies Meta<typeof Lightbox>;

export default meta;
type Story = StoryObj<typeof meta>;

/** An image at full size over the page: a modal dialog named after the file, focus on its close button. */
export const Open: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(canvasElement.ownerDocument.body).getByRole('dialog', { name: 'screenshot.png' });
    await expect(dialog).toBeVisible();
    await expect(within(dialog).getByRole('button', { name: 'Close image' })).toHaveFocus();
    within(dialog).getByRole('button', { name: 'Close image' }).click();
    await expect(args.onClose).toHaveBeenCalled();
  },
};
