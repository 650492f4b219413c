import type { WidgetLocale } from './locale';

/** French (vouvoiement; a narrow no-break space before ? ! : as French typography wants). */
export const fr: WidgetLocale = {
  windowLabel: 'Chat',
  close: 'Terminer la conversation',
  agentStatus: { online: 'En ligne', away: 'Absent', offline: 'Hors ligne' },
  chatStatus: { waiting: 'En attente d’un conseiller', offered: 'Mise en relation avec un conseiller', active: 'Connecté', closed: 'Conversation terminée' },
  messageListLabel: 'Messages',
  emptyList: 'Aucun message pour l’instant. Dites bonjour\u202f!',
  loadOlder: 'Charger les messages précédents',
  loadingOlder: 'Chargement des messages précédents…',
  jumpToLatest: (unseen) => (unseen === 1 ? '1 nouveau message' : unseen > 1 ? `${unseen} nouveaux messages` : 'Aller au plus récent'),
  you: 'Vous',
  imported: 'Importé',
  messageStatus: { sending: 'Envoi…', sent: 'Envoyé', read: 'Lu', failed: 'Non envoyé' },
  retry: 'Réessayer',
  notSentReason: (code, limit) =>
    limit === 'file_bytes'
      ? 'Ce fichier est trop volumineux pour être envoyé.'
      : limit === 'file_type'
        ? 'Ce type de fichier ne peut pas être envoyé.'
        : limit === 'files_per_chat'
          ? 'Ce chat a atteint le nombre de fichiers permis.'
          : code === 'payload_too_large'
            ? 'Trop long pour être envoyé.'
            : code === 'closed'
              ? 'La conversation est terminée.'
              : code === 'rate_limited'
                ? 'Trop de messages à la fois. Réessayez dans un instant.'
                : code === 'invalid_payload'
                  ? 'Ce message ne peut pas être envoyé.'
                  : code === 'forbidden' || code === 'unauthorized' || code === 'not_found'
                    ? 'Vous ne pouvez plus écrire dans cette conversation.'
                    : 'Non distribué. Réessayez.',
  connecting: 'Connexion…',
  reconnecting: 'Connexion perdue. Reconnexion…',
  offline: 'Hors ligne',
  charactersLeft: (left) => (left >= 0 ? `${left} caractères restants` : `${-left} caractères de trop`),
  endChatQuestion: 'Terminer cette conversation\u202f?',
  endChatConfirm: 'Terminer',
  endChatCancel: 'Continuer',
  composerLabel: 'Message',
  composerPlaceholder: 'Écrivez un message…',
  composerClosedPlaceholder: 'Cette conversation est terminée',
  send: 'Envoyer',
  typing: (names) => {
    if (names.length === 1) return `${names[0]} écrit…`;
    if (names.length === 2) return `${names[0]} et ${names[1]} écrivent…`;
    return 'Plusieurs personnes écrivent…';
  },
  queueWaiting: (position) =>
    position === undefined ? 'En attente d’un conseiller…' : position <= 1 ? 'Vous êtes le prochain.' : `Vous êtes numéro ${position} dans la file.`,
  queueOffered: 'Un conseiller arrive…',
  queueNoAgents: 'Aucun conseiller n’est disponible pour le moment.',
  queueRetry: 'Réessayer',
  closedByMe: 'Vous avez terminé la conversation.',
  closedByAgent: 'Le conseiller a terminé la conversation.',
  closedBySystem: 'Cette conversation est terminée.',
  startNewChat: 'Nouvelle conversation',
  emailTranscript: 'M’envoyer la transcription par e-mail',
  transcriptSending: 'Envoi de la transcription…',
  transcriptSent: (to) => `La transcription est en route vers ${to}.`,
  transcriptFailed: 'La transcription n’a pas pu être envoyée. Veuillez réessayer plus tard.',
  offlineTitle: 'Laisser un message',
  offlineIntro: 'Personne n’est disponible pour le moment. Laissez un message, nous vous répondrons.',
  offlineName: 'Nom',
  offlineEmail: 'E-mail',
  offlineMessage: 'Message',
  offlineSubmit: 'Envoyer le message',
  offlineSubmitting: 'Envoi…',
  offlineSent: 'Merci\u202f! Nous vous répondrons.',
  offlineFailed: 'Votre message n’a pas pu être envoyé. Veuillez réessayer.',
  required: 'Ce champ est obligatoire.',
  invalidEmail: 'Saisissez une adresse e-mail valide.',
  tooLong: (max) => `${max} caractères au maximum.`,
  launcherOpen: 'Ouvrir le chat',
  launcherClose: 'Masquer le chat',
  unread: (count) => (count === 1 ? '1 message non lu' : `${count} messages non lus`),
  startTitle: 'Discutons',
  startIntro: 'Posez-nous vos questions\u202f: un conseiller vous répondra ici.',
  startName: 'Votre nom (facultatif)',
  startButton: 'Démarrer la conversation',
  starting: 'Démarrage…',
  startFailed: 'La conversation n’a pas pu démarrer. Veuillez réessayer.',
  loading: 'Chargement…',
  titleHint: (unread) => `(${unread}) ${unread === 1 ? 'Nouveau message' : 'Nouveaux messages'} · `,
  replyTime: {
    minutes: 'Répond généralement en quelques minutes',
    hours: 'Répond généralement en quelques heures',
    day: 'Répond généralement en une journée',
  },
  welcomeLabel: 'Message de bienvenue',
  minimize: 'Réduire le chat',
  attachFile: 'Joindre un fichier',
  dropFiles: 'Déposez les fichiers pour les envoyer',
  uploading: (percent) => `Envoi en cours… ${percent} %`,
  openImage: (name) => `Ouvrir l’image ${name}`,
  downloadFile: (name) => `Télécharger ${name}`,
  closeImage: 'Fermer l’image',
  rateQuestion: 'Comment s’est passée cette conversation ?',
  rateChoice: (rating) => `${rating} sur 5`,
  rateComment: 'Quelque chose à ajouter ? (facultatif)',
  rateSubmit: 'Envoyer la note',
  rateThanks: 'Merci pour votre avis !',
  rateFailed: 'La note n’a pas pu être envoyée. Veuillez réessayer.',
  internalNote: 'Note interne · visible des seuls conseillers',
  noteBy: (name) => `Note interne de ${name}`,
};
