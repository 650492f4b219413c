import { cannedResponses, chatTranscript, deleteCannedResponse, ratingSummary, saveCannedResponse, searchChats } from '@parley/core';
import type { ChatSearchFilters } from '@parley/core';
import type { CannedResponse, CannedResponseInput, ChatRecordSummary, ChatTranscript, RatingSummary } from '@parley/protocol';
import { createContext, useContext } from 'react';

/**
 * The desk's REST side (issue 17): canned responses, the closed chats' records and ratings. An
 * interface so stories and tests can hand the desk one without a server.
 */
export interface RecordsApi {
  canned(): Promise<CannedResponse[]>;
  saveCanned(input: CannedResponseInput, id?: string): Promise<CannedResponse>;
  deleteCanned(id: string): Promise<void>;
  search(filters: ChatSearchFilters): Promise<ChatRecordSummary[]>;
  transcript(chatId: string): Promise<ChatTranscript>;
  summary(): Promise<RatingSummary>;
}

/** The records of the server the agent signed in to, with the session's token. */
export function createRestRecords(server: string, token: string): RecordsApi {
  return {
    canned: () => cannedResponses(server, token),
    saveCanned: (input, id) => saveCannedResponse(server, token, input, id),
    deleteCanned: (id) => deleteCannedResponse(server, token, id),
    search: (filters) => searchChats(server, token, filters),
    transcript: (chatId) => chatTranscript(server, token, chatId),
    summary: () => ratingSummary(server, token),
  };
}

export const RecordsContext = createContext<RecordsApi | undefined>(undefined);

/** The desk's records, or undefined where there are none (a desk on an in-process engine). */
export function useRecords(): RecordsApi | undefined {
  return useContext(RecordsContext);
}

/**
 * Tells the desk's composers that canned responses changed (saved or deleted on the settings page), so
 * their `/` list reloads without a page reload: `revision` grows with every change.
 */
export interface CannedChanges {
  revision: number;
  changed(): void;
}

export const CannedChangesContext = createContext<CannedChanges>({ revision: 0, changed: () => undefined });

/** The desk's canned-response revision and how to bump it. */
export function useCannedChanges(): CannedChanges {
  return useContext(CannedChangesContext);
}
