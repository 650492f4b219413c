import nodemailer from 'nodemailer';

/** One e-mail as Parley writes it: plain text, addressed by the server. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  /** Where a reply from the recipient's mail program goes (the visitor, for a message to the team). */
  replyTo?: string;
}

export interface Mailer {
  /** Hands the message to the SMTP server; resolves once it accepted it, rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:port` (or `smtps://` for TLS from the start), as nodemailer reads it. */
  smtpUrl: string;
  /** The From header, e.g. `Support <support@example.com>`. */
  from: string;
}

/** SMTP through nodemailer, one pooled transport per server (connections are reused between e-mails). */
export function createMailer(options: MailerOptions): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.replyTo !== undefined && { replyTo: message.replyTo }),
      });
    },
    close() {
      transport.close();
    },
  };
}
