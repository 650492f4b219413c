import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ChatRecordSummary } from '@parley/protocol';
import { expect, fn, userEvent, within } from 'storybook/test';
import '../packages/console/src/console.css';
import { PreviousChats } from '../packages/console/src/PreviousChats';
import type { RecordsApi } from '../packages/console/src/records';
import { RecordsContext } from '../packages/console/src/records';
import { RecordsView } from '../packages/console/src/RecordsView';
import { canned, notes } from './AgentToolbox.stories';

const found: ChatRecordSummary[] = [
  {
    chat: { id: 'c1', room: 'support', source: 'web', lang: 'en', creator: 'vera', status: 'closed', users: ['vera', 'ada'], createdAt: '2026-11-26T10:00:00.000Z', closedAt: '2026-11-26T10:45:00.000Z', lastSeq: 2 },
    visitor: { id: 'vera', name: 'Vera' },
    agentName: 'Ada',
    rating: { chatId: 'c1', rating: 5, comment: 'Quick!', createdAt: '2026-11-26T10:46:00.000Z' },
    match: 'My parcel never arrived',
  },
  {
    chat: { id: 'c0', room: 'billing', source: 'web', lang: 'en', creator: 'otto', status: 'closed', users: ['otto', 'ada'], createdAt: '2026-11-25T09:00:00.000Z', closedAt: '2026-11-25T09:20:00.000Z', lastSeq: 1 },
    visitor: { id: 'otto', name: 'Otto' },
    agentName: 'Ada',
  },
];

/** Records without a server: the two chats above, one transcript, one summary. */
const records: RecordsApi = {
  canned: async () => canned,
  saveCanned: async () => canned[0]!,
  deleteCanned: async () => undefined,
  search: async (filters) => (filters.q ? found.filter((entry) => entry.match?.toLowerCase().includes(filters.q!.toLowerCase())) : found),
  transcript: async (chatId) => ({
    chat: found.find((entry) => entry.chat.id === chatId)!.chat,
    users: [
      { id: 'vera', role: 'user', name: 'Vera' },
      { id: 'ada', role: 'agent', name: 'Ada' },
    ],
    messages: [
      { id: 'm1', chatId, seq: 1, sender: 'vera', type: 'text', message: 'My parcel never arrived', createdAt: '2026-11-26T10:01:00.000Z' },
      { id: 'm2', chatId, seq: 2, sender: 'ada', type: 'text', message: 'I am sending a new one today.', createdAt: '2026-11-26T10:02:00.000Z' },
    ],
    // Written after the visitor's first message: the transcript shows it between the two messages.
    notes: notes.map((note) => ({ ...note, chatId, afterSeq: 1 })),
    rating: { chatId, rating: 5, comment: 'Quick!', createdAt: '2026-11-26T10:46:00.000Z' },
  }),
  summary: async () => ({ agents: [{ agentId: 'ada', name: 'Ada', count: 12, average: 4.5 }], rooms: [{ room: 'support', count: 12, average: 4.5 }] }),
};

const meta = {
  title: 'Console/RecordsView',
  component: RecordsView,
  args: { records, rooms: ['billing', 'support'], onClose: fn() },
  decorators: [
    (Story) => (
      <div className="parley console-app" style={{ width: 720 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof RecordsView>;

export default meta;
type Story = StoryObj<typeof meta>;

export const SearchAndTranscript: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('searchbox', { name: 'Words' }), 'parcel');
    await userEvent.click(canvas.getByRole('button', { name: 'Search' }));
    await userEvent.click(await canvas.findByRole('button', { name: /^Vera/ }));
    const transcript = await canvas.findByRole('article', { name: 'Transcript with Vera' });
    // Each row with the time it was written (shown in the reader's zone; the machine-readable instant checked).
    const lines = within(transcript)
      .getAllByRole('listitem')
      .map((item) => {
        const time = item.querySelector('time');
        return [time?.dateTime, time?.textContent !== '' && item.textContent?.slice(time?.textContent?.length ?? 0).trim()];
      });
    await expect(lines).toEqual([
      ['2026-11-26T10:01:00.000Z', 'Vera: My parcel never arrived'],
      [expect.any(String), 'Internal note · Ada: VIP customer, refund approved by Sam.'],
      ['2026-11-26T10:02:00.000Z', 'Ada: I am sending a new one today.'],
    ]);
    await expect(within(transcript).getByText(/^Started/)).toBeVisible();
    await expect(canvas.getByRole('table')).toHaveTextContent('4.5');
  },
};

/** The visitor panel's list of a visitor's earlier chats, from the same records. */
export const PreviousChatsOfAVisitor: StoryObj<typeof PreviousChats> = {
  render: () => (
    <RecordsContext.Provider value={records}>
      <PreviousChats visitorId="vera" currentChatId="c0" onOpen={fn()} />
    </RecordsContext.Provider>
  ),
};
