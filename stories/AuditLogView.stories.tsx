import type { Meta, StoryObj } from '@storybook/react-vite';
import '../packages/console/src/console.css';
import { AuditLogView } from '../packages/console/src/admin/AuditLogView';
import { adminApiStub } from './adminApiStub';

// The agent console is an app, not a published package: its parts are shown from its source.
const meta = {
  title: 'Console/AuditLogView',
  component: AuditLogView,
  args: { api: adminApiStub(), formatTime: (iso: string) => iso.slice(0, 16).replace('T', ' ') },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 900 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof AuditLogView>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Entries: Story = {};
