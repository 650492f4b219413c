import type { Meta, StoryObj } from '@storybook/react-vite';
import '../packages/console/src/console.css';
import { NoteList } from '../packages/console/src/NoteList';
import { notes } from './AgentToolbox.stories';

const meta = {
  title: 'Console/NoteList',
  component: NoteList,
  args: { notes, nameOf: (id: string) => (id === 'ada' ? 'Ada' : id), formatTime: (iso: string) => iso.slice(11, 16) },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 420 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof NoteList>;

export default meta;
type Story = StoryObj<typeof meta>;

export const OneNote: Story = {};
export const None: Story = { args: { notes: [] } };
