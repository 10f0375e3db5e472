import type { FastifyRequest } from 'fastify';

// R-SEC-07: what reaches the log. Headers carrying credentials are redacted by pino (app.ts);
// the request line keeps its path but not the values of its query (a search for a mobile or an
// ID number is personal data), and error texts have mobiles, ID numbers and e-mail addresses
// masked (a failed SQL statement prints its parameters). pino writes JSON, so CR/LF in user
// input cannot start a new line; control characters are dropped from what we copy in anyway.

const CONTROL = /[\u0000-\u001f\u007f]/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

/** Text with personal numbers and addresses masked and control characters removed. */
export function scrubLogText(text: string): string {
  return text.replace(CONTROL, ' ').replace(ID_NUMBER, '[身份证号]').replace(MOBILE, '[手机号]').replace(EMAIL, '[邮箱]');
}

/** The path as is; each query value that is not a short plain word becomes `*`. */
export function loggedUrl(url: string): string {
  const [path = '', query] = url.split('?', 2);
  const cleanPath = scrubLogText(path);
  if (query === undefined) return cleanPath;
  const parts = query.split('&').map((pair) => {
    const [key = '', value = ''] = pair.split('=', 2);
    const safe = /^[A-Za-z0-9_.:,-]{0,24}$/.test(value) && !/\d{7,}/.test(value);
    return `${scrubLogText(key).slice(0, 40)}=${safe ? value : '*'}`;
  });
  return `${cleanPath}?${parts.join('&')}`;
}

export const logSerializers = {
  req(request: FastifyRequest) {
    return { method: request.method, url: loggedUrl(request.url), remoteAddress: request.ip };
  },
  err(error: Error & { code?: string; statusCode?: number; cause?: unknown }) {
    return {
      type: error.name,
      code: error.code,
      statusCode: error.statusCode,
      message: scrubLogText(String(error.message ?? '')),
      stack: scrubLogText(error.stack ?? '').replace(/ {2,}/g, ' '),
      cause: error.cause instanceof Error ? scrubLogText(error.cause.message) : undefined,
    };
  },
};

/**
 * On a terminal, readable lines (pino-pretty, when installed) instead of JSON; elsewhere (a
 * service manager, a container) undefined: JSON lines for the log collector.
 */
export async function terminalLogStream(): Promise<NodeJS.WritableStream | undefined> {
  if (!process.stdout.isTTY) return undefined;
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId,req,res,responseTime', singleLine: true });
  } catch {
    return undefined;
  }
}
