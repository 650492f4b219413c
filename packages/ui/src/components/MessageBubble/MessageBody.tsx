import type { ChatMessage } from '@parley/core';
import type { MessageType } from '@parley/protocol';
import type { ReactNode } from 'react';
import { MessageText } from '../../text/MessageText';
import { FileMessage } from '../FileMessage/FileMessage';

/** A message of one kind, as its renderer receives it. */
export type MessageOfKind<K extends MessageType> = Extract<ChatMessage, { type: K }>;

/** One renderer per message kind: a new kind (a file, a rating) is one more entry here. */
export type MessageBodyRenderers = { [K in MessageType]: (message: MessageOfKind<K>) => ReactNode };

export const messageBodies: MessageBodyRenderers = {
  text: (message) => <MessageText text={message.message} />,
  system: (message) => <MessageText text={message.message} />,
  file: (message) => <FileMessage message={message} />,
};

export interface MessageBodyProps {
  /** The message whose content to render (text, or the renderer registered for its type). */
  message: ChatMessage;
}

/** The inside of a bubble, by the message's kind. */
export function MessageBody({ message }: MessageBodyProps) {
  return render(message.type, message);
}

function render<K extends MessageType>(kind: K, message: MessageOfKind<K>): ReactNode {
  return messageBodies[kind](message);
}
