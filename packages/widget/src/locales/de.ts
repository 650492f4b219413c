import type { WidgetLocale } from './locale';

/** German (Sie-Form, as support desks write to customers). */
export const de: WidgetLocale = {
  windowLabel: 'Chat',
  close: 'Chat beenden',
  agentStatus: { online: 'Online', away: 'Abwesend', offline: 'Offline' },
  chatStatus: { waiting: 'Wartet auf einen Mitarbeiter', offered: 'Sie werden mit einem Mitarbeiter verbunden', active: 'Verbunden', closed: 'Chat beendet' },
  messageListLabel: 'Nachrichten',
  emptyList: 'Noch keine Nachrichten. Sagen Sie Hallo!',
  loadOlder: 'Ältere Nachrichten laden',
  loadingOlder: 'Ältere Nachrichten werden geladen…',
  jumpToLatest: (unseen) => (unseen === 1 ? '1 neue Nachricht' : unseen > 1 ? `${unseen} neue Nachrichten` : 'Zur neuesten Nachricht'),
  you: 'Sie',
  imported: 'Importiert',
  messageStatus: { sending: 'Wird gesendet…', sent: 'Gesendet', read: 'Gelesen', failed: 'Nicht gesendet' },
  retry: 'Erneut senden',
  notSentReason: (code, limit) =>
    limit === 'file_bytes'
      ? 'Diese Datei ist zu groß zum Senden.'
      : limit === 'file_type'
        ? 'Dateien dieser Art können nicht gesendet werden.'
        : limit === 'files_per_chat'
          ? 'Dieser Chat hat so viele Dateien, wie er haben darf.'
          : code === 'payload_too_large'
            ? 'Zu lang zum Senden.'
            : code === 'closed'
              ? 'Der Chat ist beendet.'
              : code === 'rate_limited'
                ? 'Zu viele Nachrichten auf einmal. Versuchen Sie es gleich noch einmal.'
                : code === 'invalid_payload'
                  ? 'Diese Nachricht kann nicht gesendet werden.'
                  : code === 'forbidden' || code === 'unauthorized' || code === 'not_found'
                    ? 'Sie können in diesem Chat nicht mehr schreiben.'
                    : 'Nicht zugestellt. Versuchen Sie es erneut.',
  connecting: 'Verbindung wird hergestellt…',
  reconnecting: 'Verbindung unterbrochen. Neuer Versuch…',
  offline: 'Offline',
  charactersLeft: (left) => (left >= 0 ? `Noch ${left} Zeichen` : `${-left} Zeichen zu viel`),
  endChatQuestion: 'Diesen Chat beenden?',
  endChatConfirm: 'Chat beenden',
  endChatCancel: 'Weiterchatten',
  composerLabel: 'Nachricht',
  composerPlaceholder: 'Nachricht schreiben…',
  composerClosedPlaceholder: 'Dieser Chat ist beendet',
  send: 'Senden',
  typing: (names) => {
    if (names.length === 1) return `${names[0]} schreibt…`;
    if (names.length === 2) return `${names[0]} und ${names[1]} schreiben…`;
    return 'Mehrere Personen schreiben…';
  },
  queueWaiting: (position) =>
    position === undefined ? 'Warten auf einen Mitarbeiter…' : position <= 1 ? 'Sie sind als Nächstes dran.' : `Sie sind Nummer ${position} in der Warteschlange.`,
  queueOffered: 'Ein Mitarbeiter kommt dazu…',
  queueNoAgents: 'Gerade ist kein Mitarbeiter verfügbar.',
  queueRetry: 'Erneut versuchen',
  closedByMe: 'Sie haben den Chat beendet.',
  closedByAgent: 'Der Mitarbeiter hat den Chat beendet.',
  closedBySystem: 'Dieser Chat ist beendet.',
  startNewChat: 'Neuen Chat beginnen',
  emailTranscript: 'E-Mail mit dem Verlauf senden',
  transcriptSending: 'Der Verlauf wird gesendet…',
  transcriptSent: (to) => `Der Verlauf ist unterwegs an ${to}.`,
  transcriptFailed: 'Der Verlauf konnte nicht gesendet werden. Bitte versuchen Sie es später erneut.',
  offlineTitle: 'Nachricht hinterlassen',
  offlineIntro: 'Gerade ist niemand erreichbar. Hinterlassen Sie eine Nachricht, wir melden uns bei Ihnen.',
  offlineName: 'Name',
  offlineEmail: 'E-Mail',
  offlineMessage: 'Nachricht',
  offlineSubmit: 'Nachricht senden',
  offlineSubmitting: 'Wird gesendet…',
  offlineSent: 'Danke! Wir melden uns bei Ihnen.',
  offlineFailed: 'Ihre Nachricht konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
  required: 'Dieses Feld ist erforderlich.',
  invalidEmail: 'Geben Sie eine gültige E-Mail-Adresse ein.',
  tooLong: (max) => `Höchstens ${max} Zeichen.`,
  launcherOpen: 'Chat öffnen',
  launcherClose: 'Chat ausblenden',
  unread: (count) => (count === 1 ? '1 ungelesene Nachricht' : `${count} ungelesene Nachrichten`),
  startTitle: 'Schreiben Sie uns',
  startIntro: 'Fragen Sie uns alles: Ein Mitarbeiter antwortet Ihnen hier.',
  startName: 'Ihr Name (optional)',
  startButton: 'Chat beginnen',
  starting: 'Wird gestartet…',
  startFailed: 'Der Chat konnte nicht gestartet werden. Bitte versuchen Sie es erneut.',
  loading: 'Wird geladen…',
  titleHint: (unread) => `(${unread}) ${unread === 1 ? 'Neue Nachricht' : 'Neue Nachrichten'} · `,
  replyTime: {
    minutes: 'Antwortet meist innerhalb weniger Minuten',
    hours: 'Antwortet meist innerhalb weniger Stunden',
    day: 'Antwortet meist innerhalb eines Tages',
  },
  welcomeLabel: 'Begrüßungsnachricht',
  minimize: 'Chat minimieren',
  attachFile: 'Datei anhängen',
  dropFiles: 'Dateien hier ablegen, um sie zu senden',
  uploading: (percent) => `Wird hochgeladen… ${percent} %`,
  openImage: (name) => `Bild ${name} öffnen`,
  downloadFile: (name) => `${name} herunterladen`,
  closeImage: 'Bild schließen',
  rateQuestion: 'Wie war dieser Chat?',
  rateChoice: (rating) => `${rating} von 5`,
  rateComment: 'Möchten Sie etwas hinzufügen? (optional)',
  rateSubmit: 'Bewertung senden',
  rateThanks: 'Vielen Dank für Ihr Feedback!',
  rateFailed: 'Die Bewertung konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
  internalNote: 'Interne Notiz · nur für Agenten sichtbar',
  noteBy: (name) => `Interne Notiz von ${name}`,
};
