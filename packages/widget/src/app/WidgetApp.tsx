import { availableAgents, rateChat, requestTranscript, roomInfo } from '@parley/core';
import type { RoomInfo } from '@parley/protocol';
import { ParleyProvider, useUnreadCount } from '@parley/react';
import { ChatHeader, ChatWindow, Composer, Launcher, mergeStrings, OfflineForm, ParleyChat, RatingForm, StartChatForm, StringsProvider, useStrings } from '@parley/ui';
import type { OfflineFormValues } from '@parley/ui';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { WidgetOptions } from '../options';
import type { WidgetLocale } from '../locales/locale';
import { useFullScreen } from './useFullScreen';
import { usePanelFocus } from './usePanelFocus';
import { useScrollLock } from './useScrollLock';
import { useTitleHint } from './useTitleHint';
import type { ActiveSession, VisitorSession } from './visitorSession';

export interface PanelState {
  open: boolean;
  /** The language tag in use (`setLocale`), for dates and the strings below. */
  lang: string;
  /** The built-in translation for `lang`; the host's `strings` go over it. */
  locale: WidgetLocale;
  /** Bumped to start the widget afresh (a different visitor signed in): the view remounts. */
  generation: number;
}

/** Where the visitor is: deciding, asked to start, asked to leave a message, or in a chat. */
export type Stage = { kind: 'checking' } | { kind: 'start' } | { kind: 'offline' } | { kind: 'chat'; session: ActiveSession };

export interface WidgetAppProps {
  options: WidgetOptions;
  panel: StoreApi<PanelState>;
  visitor: VisitorSession;
  initialStage: Stage;
  /** Called with each new session, so the handle can expose its client and disconnect it later. */
  onSession: (session: ActiveSession | undefined) => void;
}

export function WidgetApp({ options, panel, visitor, initialStage, onSession }: WidgetAppProps) {
  const open = useStore(panel, (state) => state.open);
  const lang = useStore(panel, (state) => state.lang);
  const locale = useStore(panel, (state) => state.locale);
  const [rawStage, setStage] = useState<Stage>(initialStage);
  // The room's welcome and usual reply time, from the server's room settings; none if it cannot say.
  const [info, setInfo] = useState<RoomInfo | undefined>(undefined);
  // A room outside its business hours (the server's `open: false`) offers the offline form, whoever is online.
  const closedNow = info?.open === false;
  // Derived rather than set, so the check of who is online runs as it always did, beside the room info.
  const stage: Stage = closedNow && (rawStage.kind === 'checking' || rawStage.kind === 'start') ? { kind: 'offline' } : rawStage;
  // The host's `strings` over the translation; `mergeStrings` keeps the other keys of nested maps.
  const strings: WidgetLocale = useMemo(() => ({ ...locale, ...mergeStrings(locale, options.strings) }), [locale, options.strings]);
  const panelId = useId();
  const theme = options.theme ?? 'auto';
  const { server, room, user } = options;
  // The pop-out window is the chat: nothing there closes it but the window's own ×.
  const setOpen = useCallback((next: boolean) => panel.setState({ open: options.fill === true || next }), [panel, options.fill]);
  const hide = useCallback(() => setOpen(false), [setOpen]);
  const focus = usePanelFocus(open, stage.kind, hide);
  // On a phone the open panel is the whole screen: the page behind it must not scroll.
  const fullScreen = useFullScreen();
  useScrollLock(open && fullScreen && options.target === undefined && options.fill !== true);
  const infoWanted = open && info === undefined;
  useEffect(() => {
    if (!infoWanted) return;
    let current = true;
    roomInfo(server, room).then(
      (answer) => current && setInfo(answer),
      () => current && setInfo({ name: room }),
    );
    return () => {
      current = false;
    };
  }, [infoWanted, server, room]);

  const enter = useCallback(
    (session: ActiveSession) => {
      onSession(session);
      setStage({ kind: 'chat', session });
    },
    [onSession],
  );

  // Whether anyone is online decides between "start chat" and "leave a message"; asked on first open.
  useEffect(() => {
    if (stage.kind !== 'checking' || !open) return;
    let current = true;
    availableAgents(server, [room]).then(
      (agents) => current && setStage({ kind: (agents[room] ?? 0) > 0 ? 'start' : 'offline' }),
      // Unknown is treated as online: starting a chat still works, it waits in the queue.
      () => current && setStage({ kind: 'start' }),
    );
    return () => {
      current = false;
    };
  }, [stage.kind, open, server, room]);

  const start = useCallback(async (name: string | undefined) => enter(await visitor.start({ ...user, ...(name ? { name } : {}) })), [enter, visitor, user]);
  // A message left while nobody was online: its chat, until someone answers it.
  const [leftMessage, setLeftMessage] = useState<ActiveSession | undefined>(undefined);
  const leaveMessage = useCallback(
    async (values: OfflineFormValues) => {
      // The confirmation stays on screen; the stored chat reopens on the next visit.
      const session = await visitor.leaveMessage({ ...user, name: values.name, contact: values.email }, values.message);
      onSession(session);
      setLeftMessage(session);
    },
    [onSession, visitor, user],
  );
  // The first agent to come online is offered the chat: once one joins (or writes), the visitor is
  // taken from the confirmation to the conversation, so the answer arrives live.
  useEffect(() => {
    if (!leftMessage) return;
    const { client, chat } = leftMessage;
    const answered = () => {
      const state = client.store.getState();
      return state.chats[chat.id]?.status === 'active' || (state.messages[chat.id]?.toArray() ?? []).some((message) => message.sender !== client.me?.id);
    };
    const answer = () => {
      if (!answered()) return;
      setLeftMessage(undefined);
      enter(leftMessage);
    };
    answer();
    return client.store.subscribe(answer);
  }, [leftMessage, enter]);
  // A new chat: the same visitor's after one ended; a new visitor's when their token is refused.
  const restart = useCallback(
    (forgetVisitor: boolean) => {
      if (forgetVisitor) visitor.forget();
      else visitor.forgetChat();
      onSession(undefined);
      setStage({ kind: 'checking' });
    },
    [visitor, onSession],
  );
  const startNew = useCallback(() => restart(false), [restart]);
  // Nobody could take the chat: it ends, and the visitor leaves a message instead (answered by e-mail
  // where the server sends it, or in the chat when an agent comes online).
  const leaveMessageInstead = useCallback(
    async (session: ActiveSession) => {
      // Closed before its client ends: ending it first would drop the close.
      await session.chat.close().catch(() => undefined);
      visitor.forgetChat();
      onSession(undefined);
      setStage({ kind: 'offline' });
    },
    [visitor, onSession],
  );

  // A saved chat whose token the server refuses (it expired, or the server was reset) cannot come
  // back: forget it and offer a new chat instead of a window that never connects.
  const client = stage.kind === 'chat' ? stage.session.client : undefined;
  useEffect(() => {
    if (!client) return;
    const refused = () => client.connection.error?.code === 'unauthorized';
    // Refused before this effect subscribed (a slow first render): start over right after it.
    if (refused()) queueMicrotask(() => restart(true));
    return client.onConnection(() => {
      if (refused()) restart(true);
    });
  }, [client, restart]);

  let content: ReactNode;
  if (stage.kind === 'chat') {
    const { chat } = stage.session;
    const session = stage.session;
    // The transcript goes to the address the visitor left (the host's `user.contact`, or the offline form's).
    const email = user?.contact ?? session.client.me?.contact;
    const emailTranscript = email !== undefined && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
      ? () => requestTranscript(server, session.token, chat.id).then(({ to }) => to)
      : undefined;
    content = (
      <ParleyChat
        chatId={chat.id}
        theme={theme}
        assignOptions={options.assign}
        onClose={() => void chat.close().catch(() => undefined)}
        onStartNew={startNew}
        onLeaveMessage={() => void leaveMessageInstead(session)}
        onEmailTranscript={emailTranscript}
        welcome={info?.welcome}
        headerActions={<MinimizeButton onClick={focus.close} />}
        // Once the chat ended, a rating form (CSAT) sits above the disabled composer; a chat rated
        // already (an earlier page) answers `conflict`, which counts as done.
        renderComposer={(composer) => (
          <>
            {composer.closed && (
              <RatingForm
                onRate={(rating) =>
                  rateChat(server, session.token, chat.id, rating).catch((error: { code?: string }) => {
                    if (error.code !== 'conflict') throw error;
                  })
                }
              />
            )}
            <Composer {...composer} />
          </>
        )}
      />
    );
  } else {
    const body =
      stage.kind === 'offline' ? (
        <OfflineForm heading={false} onSubmit={leaveMessage} defaultValues={{ name: user?.name ?? '', email: user?.contact ?? '' }} />
      ) : stage.kind === 'start' ? (
        <StartChatForm heading={false} askName={!user?.name} welcome={info?.welcome} onStart={start} />
      ) : (
        <p className="parley-widget-loading" role="status">
          {strings.loading}
        </p>
      );
    content = (
      <ChatWindow
        theme={theme}
        header={<WindowTitle offline={stage.kind === 'offline'} replyTime={info?.replyTime} onMinimize={focus.close} />}
        body={body}
      />
    );
  }

  const toggle = setOpen;
  const frame = (launcher: ReactNode) => (
    <div className="parley-widget" data-open={open ? '' : undefined} data-stage={stage.kind} data-full-screen={fullScreen ? '' : undefined}>
      {open && (
        // Not a focus stop itself: it takes focus only when nothing inside it can (while loading).
        <div id={panelId} ref={focus.panel} className="parley-widget-panel" tabIndex={-1} onKeyDown={focus.onKeyDown}>
          {content}
        </div>
      )}
      {launcher}
    </div>
  );

  return (
    <StringsProvider strings={strings} locale={lang}>
      {stage.kind === 'chat' ? (
        <ParleyProvider client={stage.session.client}>
          {frame(<UnreadLauncher open={open} onOpenChange={toggle} controls={panelId} theme={theme} titleHint={strings.titleHint} />)}
        </ParleyProvider>
      ) : (
        frame(<Launcher open={open} onOpenChange={toggle} controls={panelId} theme={theme} />)
      )}
    </StringsProvider>
  );
}

interface UnreadLauncherProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  controls: string;
  theme: WidgetOptions['theme'];
  titleHint: (unread: number) => string;
}

/** The launcher once a chat exists: a badge with the unread count, and the page-title hint. */
function UnreadLauncher({ titleHint, ...props }: UnreadLauncherProps) {
  const unread = useUnreadCount();
  useTitleHint(unread, props.open, titleHint);
  return <Launcher {...props} unread={unread} />;
}

/** "Chat with us" (or "Leave a message") until an agent joins, with the team's usual reply time. */
function WindowTitle({ offline, replyTime, onMinimize }: { offline: boolean; replyTime: RoomInfo['replyTime']; onMinimize: () => void }) {
  const strings = useStrings();
  return (
    <ChatHeader
      title={offline ? strings.offlineTitle : strings.startTitle}
      subtitle={replyTime ? strings.replyTime[replyTime] : undefined}
      actions={<MinimizeButton onClick={onMinimize} />}
    />
  );
}

/** Hides the panel from its header: shown only full screen, where the launcher is hidden (widget.css). */
function MinimizeButton({ onClick }: { onClick: () => void }) {
  const strings = useStrings();
  return (
    <button type="button" className="parley-icon-button parley-widget-minimize" onClick={onClick} aria-label={strings.minimize} title={strings.minimize}>
      <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" aria-hidden="true">
        <path d="M6 9l6 6 6-6" />
      </svg>
    </button>
  );
}
