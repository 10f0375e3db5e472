import nodemailer from 'nodemailer';
import type { AppConfig } from '../config';

/** One outgoing e-mail. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** The boundary to the mail server; tests inject a fake. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
}

export type MailTransportFactory = (config: AppConfig) => MailTransport | null;

/** SMTP through nodemailer when SMTP_URL is set; otherwise e-mail is simply off. */
export const smtpTransportFactory: MailTransportFactory = (config) => {
  if (!config.smtpUrl) return null;
  const transporter = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(message) {
      await transporter.sendMail(message);
    },
  };
};

let currentFactory: MailTransportFactory = smtpTransportFactory;
let cached: { config: AppConfig; transport: MailTransport | null } | undefined;

/** The transport for this configuration (created once per config), or null when e-mail is off. */
export function mailTransport(config: AppConfig): MailTransport | null {
  if (cached?.config !== config) cached = { config, transport: currentFactory(config) };
  return cached.transport;
}

/** Replaces how transports are made (tests); returns a function restoring the previous one. */
export function setMailTransportFactory(factory: MailTransportFactory): () => void {
  const previous = currentFactory;
  currentFactory = factory;
  cached = undefined;
  return () => {
    currentFactory = previous;
    cached = undefined;
  };
}

export const emailEnabled = (config: AppConfig) => Boolean(config.smtpUrl);
