import type { WidgetLocale } from './locale';

/** Spanish (usted, neutral for Spain and Latin America). */
export const es: WidgetLocale = {
  windowLabel: 'Chat',
  close: 'Terminar el chat',
  agentStatus: { online: 'En línea', away: 'Ausente', offline: 'Desconectado' },
  chatStatus: { waiting: 'Esperando a un agente', offered: 'Conectándole con un agente', active: 'Conectado', closed: 'Chat terminado' },
  messageListLabel: 'Mensajes',
  emptyList: 'Aún no hay mensajes. ¡Salude!',
  loadOlder: 'Cargar mensajes anteriores',
  loadingOlder: 'Cargando mensajes anteriores…',
  jumpToLatest: (unseen) => (unseen === 1 ? '1 mensaje nuevo' : unseen > 1 ? `${unseen} mensajes nuevos` : 'Ir al más reciente'),
  you: 'Usted',
  imported: 'Importado',
  messageStatus: { sending: 'Enviando…', sent: 'Enviado', read: 'Leído', failed: 'No enviado' },
  retry: 'Reintentar',
  notSentReason: (code, limit) =>
    limit === 'file_bytes'
      ? 'Este archivo es demasiado grande para enviarlo.'
      : limit === 'file_type'
        ? 'Este tipo de archivo no se puede enviar.'
        : limit === 'files_per_chat'
          ? 'Este chat ya tiene todos los archivos que admite.'
          : code === 'payload_too_large'
            ? 'Demasiado largo para enviarlo.'
            : code === 'closed'
              ? 'El chat ha terminado.'
              : code === 'rate_limited'
                ? 'Demasiados mensajes a la vez. Inténtelo de nuevo en un momento.'
                : code === 'invalid_payload'
                  ? 'Este mensaje no se puede enviar.'
                  : code === 'forbidden' || code === 'unauthorized' || code === 'not_found'
                    ? 'Ya no puede escribir en este chat.'
                    : 'No entregado. Inténtelo de nuevo.',
  connecting: 'Conectando…',
  reconnecting: 'Se perdió la conexión. Reconectando…',
  offline: 'Sin conexión',
  charactersLeft: (left) => (left >= 0 ? `Quedan ${left} caracteres` : `${-left} caracteres de más`),
  endChatQuestion: '¿Terminar este chat?',
  endChatConfirm: 'Terminar chat',
  endChatCancel: 'Seguir chateando',
  composerLabel: 'Mensaje',
  composerPlaceholder: 'Escriba un mensaje…',
  composerClosedPlaceholder: 'Este chat ha terminado',
  send: 'Enviar',
  typing: (names) => {
    if (names.length === 1) return `${names[0]} está escribiendo…`;
    if (names.length === 2) return `${names[0]} y ${names[1]} están escribiendo…`;
    return 'Varias personas están escribiendo…';
  },
  queueWaiting: (position) =>
    position === undefined ? 'Esperando a un agente…' : position <= 1 ? 'Usted es el siguiente.' : `Usted es el número ${position} en la fila.`,
  queueOffered: 'Un agente se está uniendo…',
  queueNoAgents: 'No hay ningún agente disponible en este momento.',
  queueRetry: 'Intentar de nuevo',
  closedByMe: 'Usted terminó el chat.',
  closedByAgent: 'El agente terminó el chat.',
  closedBySystem: 'Este chat ha terminado.',
  startNewChat: 'Iniciar un chat nuevo',
  emailTranscript: 'Enviarme la transcripción por correo',
  transcriptSending: 'Enviando la transcripción…',
  transcriptSent: (to) => `La transcripción va de camino a ${to}.`,
  transcriptFailed: 'No se pudo enviar la transcripción. Inténtelo de nuevo más tarde.',
  offlineTitle: 'Deje un mensaje',
  offlineIntro: 'No hay nadie disponible ahora. Deje un mensaje y le responderemos.',
  offlineName: 'Nombre',
  offlineEmail: 'Correo electrónico',
  offlineMessage: 'Mensaje',
  offlineSubmit: 'Enviar mensaje',
  offlineSubmitting: 'Enviando…',
  offlineSent: '¡Gracias! Le responderemos.',
  offlineFailed: 'No se pudo enviar su mensaje. Inténtelo de nuevo.',
  required: 'Este campo es obligatorio.',
  invalidEmail: 'Introduzca un correo electrónico válido.',
  tooLong: (max) => `Use como máximo ${max} caracteres.`,
  launcherOpen: 'Abrir el chat',
  launcherClose: 'Ocultar el chat',
  unread: (count) => (count === 1 ? '1 mensaje sin leer' : `${count} mensajes sin leer`),
  startTitle: 'Hable con nosotros',
  startIntro: 'Pregúntenos lo que quiera: un agente le atenderá aquí.',
  startName: 'Su nombre (opcional)',
  startButton: 'Iniciar chat',
  starting: 'Iniciando…',
  startFailed: 'No se pudo iniciar el chat. Inténtelo de nuevo.',
  loading: 'Cargando…',
  titleHint: (unread) => `(${unread}) ${unread === 1 ? 'Mensaje nuevo' : 'Mensajes nuevos'} · `,
  replyTime: {
    minutes: 'Suele responder en unos minutos',
    hours: 'Suele responder en unas horas',
    day: 'Suele responder en un día',
  },
  welcomeLabel: 'Mensaje de bienvenida',
  minimize: 'Minimizar el chat',
  attachFile: 'Adjuntar un archivo',
  dropFiles: 'Suelte los archivos para enviarlos',
  uploading: (percent) => `Subiendo… ${percent} %`,
  openImage: (name) => `Abrir la imagen ${name}`,
  downloadFile: (name) => `Descargar ${name}`,
  closeImage: 'Cerrar la imagen',
  rateQuestion: '¿Qué tal fue este chat?',
  rateChoice: (rating) => `${rating} de 5`,
  rateComment: '¿Algo que añadir? (opcional)',
  rateSubmit: 'Enviar valoración',
  rateThanks: '¡Gracias por tu opinión!',
  rateFailed: 'No se pudo enviar la valoración. Inténtalo de nuevo.',
  internalNote: 'Nota interna · solo la ven los agentes',
  noteBy: (name) => `Nota interna de ${name}`,
};
