import '@parley/ui/styles.css';
import './preview.css';
import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  // A Docs page per component: its description, props table and stories.
  tags: ['autodocs'],
  parameters: {
    layout: 'centered',
    controls: { expanded: true },
  },
};

export default preview;
