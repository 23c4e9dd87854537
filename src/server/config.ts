import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** A flag from a JSON file (boolean) or the environment ("true"/"false"/"1"/"0"). */
const EnvBoolean = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/**
 * The one validated configuration object. Every key can come from an
 * environment variable or from a JSON file named by `GZ_CONFIG_FILE`
 * (environment wins). Nothing else in the server reads `process.env`.
 */
export const ConfigSchema = z.object({
  /** TCP port to listen on. Default 8080. Env `PORT`. */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to bind. Default 127.0.0.1 (loopback only). Env `HOST`. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Folder for the SQLite database, media and backups. Default `./data`. Env `DATA_DIR`. */
  dataDir: z.string().min(1).default('./data'),
  /**
   * Database location. Unset means SQLite at `<dataDir>/gongzhong.db`;
   * `postgres://...` selects PostgreSQL; `sqlite:<path>` an explicit SQLite file. Env `DATABASE_URL`.
   */
  databaseUrl: z
    .string()
    .refine((v) => /^(postgres|postgresql):\/\//.test(v) || v.startsWith('sqlite:'), {
      message: 'must start with postgres://, postgresql:// or sqlite:',
    })
    .optional(),
  /** pino log level (fatal..trace, or silent). Default `info`. Env `LOG_LEVEL`. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Sandbox mode: the clock can be advanced through the API and demo data is
   * seeded. Default true (this is what `npm start` runs). Env `GZ_SANDBOX`.
   */
  sandbox: EnvBoolean.default(true),
  /** Seed the demo organisation, accounts and followers into an empty database. Default true. Env `GZ_DEMO_DATA`. */
  demoData: EnvBoolean.default(true),
  /**
   * Admin API key for `/gz/v1`. Unset: one is generated at first start,
   * printed once and stored hashed. Env `GZ_ADMIN_KEY`. At least 16 characters.
   */
  adminKey: z.string().min(16).optional(),
  /**
   * Public base URL the platform is reached at, used in printed links. Default
   * `http://<host>:<port>`. Env `GZ_PUBLIC_URL`.
   */
  publicUrl: z.string().url().optional(),
  /** Largest request body accepted, in bytes. Default 1 MiB (uploads set their own). Env `GZ_BODY_LIMIT`. */
  bodyLimit: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /**
   * Trust `X-Forwarded-For` from a reverse proxy when deciding the caller IP
   * (the IP allowlist depends on it). Default false. Env `GZ_TRUST_PROXY`.
   */
  trustProxy: EnvBoolean.default(false),
  /** Background job worker in this process. Default true. Env `GZ_WORKER`. */
  worker: EnvBoolean.default(true),
  /** How often an idle worker polls for due jobs, in ms. Default 1000. Env `GZ_JOB_POLL_MS`. */
  jobPollMs: z.coerce.number().int().min(10).default(1000),
  /** Deadline of one push to a developer server, in ms. Default 5000 (WeChat's). Env `GZ_CALLBACK_TIMEOUT_MS`. */
  callbackTimeoutMs: z.coerce.number().int().min(50).max(60_000).default(5000),
  /** Tries per push before the follower sees the service notice. Default 3 (WeChat's). Env `GZ_CALLBACK_TRIES`. */
  callbackTries: z.coerce.number().int().min(1).max(10).default(3),
  /** Largest developer reply read, in bytes; longer replies fail the push. Default 1 MiB. Env `GZ_CALLBACK_MAX_RESPONSE_BYTES`. */
  callbackMaxResponseBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /**
   * Refuse developer URLs that resolve to loopback, private, link-local or
   * otherwise internal addresses (SSRF protection for shared deployments).
   * Default false: a sandbox pushes to localhost. Env `GZ_CALLBACK_BLOCK_PRIVATE`.
   */
  callbackBlockPrivate: EnvBoolean.default(false),
  /** Deliveries kept per account in the delivery log; older ones are pruned. Default 5000. Env `GZ_DELIVERY_LOG_LIMIT`. */
  deliveryLogLimit: z.coerce.number().int().min(10).default(5000),
  /** Open API calls kept per account in the API call log; older ones are pruned. Default 5000. Env `GZ_API_CALL_LOG_LIMIT`. */
  apiCallLogLimit: z.coerce.number().int().min(10).default(5000),
  /**
   * Mass sends keep to their speed level (mass/speed/set: 800k … 100k followers a
   * minute). Default true; false lets a sandbox fan out at full speed (ignored
   * outside sandbox mode). Env `GZ_MASS_SEND_THROTTLE`.
   */
  massSendThrottle: EnvBoolean.default(true),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variable behind each key. */
const ENV_KEYS: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  logLevel: 'LOG_LEVEL',
  sandbox: 'GZ_SANDBOX',
  demoData: 'GZ_DEMO_DATA',
  adminKey: 'GZ_ADMIN_KEY',
  publicUrl: 'GZ_PUBLIC_URL',
  bodyLimit: 'GZ_BODY_LIMIT',
  trustProxy: 'GZ_TRUST_PROXY',
  worker: 'GZ_WORKER',
  jobPollMs: 'GZ_JOB_POLL_MS',
  callbackTimeoutMs: 'GZ_CALLBACK_TIMEOUT_MS',
  callbackTries: 'GZ_CALLBACK_TRIES',
  callbackMaxResponseBytes: 'GZ_CALLBACK_MAX_RESPONSE_BYTES',
  callbackBlockPrivate: 'GZ_CALLBACK_BLOCK_PRIVATE',
  deliveryLogLimit: 'GZ_DELIVERY_LOG_LIMIT',
  apiCallLogLimit: 'GZ_API_CALL_LOG_LIMIT',
  massSendThrottle: 'GZ_MASS_SEND_THROTTLE',
};

/** Raised at boot with every configuration problem listed, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Builds the config from (lowest to highest precedence) defaults, the JSON
 * file named by `GZ_CONFIG_FILE`, environment variables and explicit overrides.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: ConfigInput = {},
): Config {
  const problems: string[] = [];
  let fromFile: Record<string, unknown> = {};
  const file = env.GZ_CONFIG_FILE;
  if (file) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        fromFile = parsed as Record<string, unknown>;
        for (const key of Object.keys(fromFile)) {
          if (!(key in ENV_KEYS)) problems.push(`${file}: unknown key "${key}"`);
        }
      } else problems.push(`${file}: must hold a JSON object`);
    } catch (err) {
      problems.push(`GZ_CONFIG_FILE ${file}: ${(err as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [key, envName] of Object.entries(ENV_KEYS)) {
    const value = env[envName];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = ConfigSchema.safeParse({ ...fromFile, ...fromEnv, ...stripUndefined(overrides) });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const envName = ENV_KEYS[key as keyof Config];
      problems.push(`${envName ?? key} (${key}): ${issue.message}`);
    }
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  const config = result.data;
  config.dataDir = path.resolve(config.dataDir);
  return config;
}

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The URL printed for humans: the configured public URL or the bind address. */
export function publicBaseUrl(config: Config, port = config.port): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
