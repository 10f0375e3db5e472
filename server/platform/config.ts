import path from 'node:path';

export interface AppConfig {
  port: number;
  host: string;
  /** postgres://… switches from the embedded database to a PostgreSQL server. */
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  /** Sets the administrator's password at first start instead of a random one. */
  adminPassword?: string;
  /** When true, cookies carry `Secure` and HSTS is sent (set behind HTTPS). */
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Seed the demo organisation on an empty database. */
  seedDemo: boolean;
  auditRetentionDays: number;
  backupKeep: number;
  webDist: string;
  trustProxy: boolean;
  /** Sign-in attempts per IP per minute (R-SEC-03). */
  loginRateLimitPerMinute: number;
  /** smtp://user:pass@host:587 (or smtps://…); unset = e-mail notifications are off (R-PLT-31). */
  smtpUrl?: string;
  /** Sender of notification e-mails, e.g. `招商平台 <noreply@example.com>`. */
  smtpFrom: string;
  /** Public address of the web app, used for links in e-mails, e.g. https://crm.example.com. */
  publicUrl?: string;
  /** Largest accepted attachment, in MiB (R-SEC-06). */
  uploadMaxMb: number;
  /** R-BIL-12: days past due before credit sales stop (停止记欠; 0 = at the first missed settlement). */
  creditStopGraceDays: number;
  /** R-BIL-12: days past due before the full credit hold (no new contracts, no added area). */
  creditHoldDays: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  return {
    port: intFromEnv(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    logLevel: env.LOG_LEVEL || 'info',
    adminPassword: env.ADMIN_PASSWORD || undefined,
    secureCookies: env.SECURE_COOKIES === 'true',
    sessionIdleMinutes: intFromEnv(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: intFromEnv(env, 'SESSION_ABSOLUTE_HOURS', 12),
    seedDemo: env.SEED_DEMO !== 'false',
    // R-PLT-12: never below 180 days.
    auditRetentionDays: Math.max(180, intFromEnv(env, 'AUDIT_RETENTION_DAYS', 180)),
    backupKeep: intFromEnv(env, 'BACKUP_KEEP', 14),
    webDist: path.resolve(env.WEB_DIST || './web/dist'),
    trustProxy: env.TRUST_PROXY === 'true',
    loginRateLimitPerMinute: intFromEnv(env, 'LOGIN_RATE_LIMIT', 20),
    creditStopGraceDays: intFromEnv(env, 'CREDIT_STOP_GRACE_DAYS', 0),
    creditHoldDays: intFromEnv(env, 'CREDIT_HOLD_DAYS', 60),
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || '招商客户管理平台 <noreply@localhost>',
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    uploadMaxMb: Math.max(1, intFromEnv(env, 'UPLOAD_MAX_MB', 20)),
  };
}
