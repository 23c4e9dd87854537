import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/gongzhong.mjs');

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
}

/** Runs `gongzhong start` the way `npm start` does and waits for the printed URL. */
async function start(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      GZ_ADMIN_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start banner:\n${out}`)), 60_000);
    const check = () => {
      const m = /Try: curl/.test(out) && /Gongzhong is running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  return { child, output: () => out, url };
}

async function stop(s: Started): Promise<number | null> {
  if (s.child.exitCode !== null) return s.child.exitCode;
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
  s.child.kill('SIGTERM');
  return exited;
}

describe('npm start (gongzhong start) on a fresh data folder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('seeds the demo, prints credentials that work, and does not reseed on restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gz-start-'));
    dirs.push(dataDir);
    const first = await start(dataDir);
    let text = first.output();
    try {
      const appids = [...text.matchAll(/appid:\s+(wx[0-9a-f]{16})/g)].map((m) => m[1]!);
      const secrets = [...text.matchAll(/appsecret:\s+([0-9a-f]{32})/g)].map((m) => m[1]!);
      expect(appids).toHaveLength(2);
      expect(text.indexOf('[service, verified]')).toBeLessThan(text.indexOf('[subscription]'));
      expect(text).toMatch(/Token:\s+[A-Za-z0-9]{32}/);
      expect(text).toMatch(/EncodingAESKey:\s+[A-Za-z0-9]{43}/);
      expect(text).toContain(`${first.url}/docs`);
      const adminKey = /Admin API key:\s+(gzk_\S+)/.exec(text)?.[1];
      expect(adminKey).toBeDefined();

      const token = await fetch(
        `${first.url}/cgi-bin/token?grant_type=client_credential&appid=${appids[0]}&secret=${secrets[0]}`,
      );
      const body = (await token.json()) as { access_token: string; expires_in: number };
      expect(body.expires_in).toBe(7200);
      const accounts = await fetch(`${first.url}/gz/v1/accounts`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(((await accounts.json()) as { items: unknown[] }).items).toHaveLength(2);
      // The console's first administrator, printed once, signs in and sees both demo accounts.
      const consolePassword = /Console:\s+\S+\/console\s+\(user admin, password (\S+)/.exec(text)?.[1];
      expect(consolePassword).toBeDefined();
      const signIn = await fetch(`${first.url}/gz/v1/console/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: consolePassword }),
      });
      expect(signIn.status).toBe(201);
      expect(((await signIn.json()) as { accounts: unknown[] }).accounts).toHaveLength(2);
      const followers = await fetch(`${first.url}/gz/v1/health`);
      expect(await followers.json()).toMatchObject({ status: 'ok', dialect: 'sqlite' });
      const docs = await fetch(`${first.url}/docs/json`);
      const spec = (await docs.json()) as { paths: Record<string, unknown> };
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining(['/cgi-bin/token', '/cgi-bin/stable_token', '/gz/v1/accounts']),
      );
    } finally {
      expect(await stop(first)).toBe(0);
    }

    const second = await start(dataDir);
    text = second.output();
    try {
      expect([...text.matchAll(/appid:\s+(wx[0-9a-f]{16})/g)]).toHaveLength(2);
      expect(text).not.toMatch(/Admin API key:\s+gzk_/);
      expect(text).toMatch(/Console:\s+\S+\/console\n/);
      expect(text).not.toContain('password');
      expect(text).not.toContain('demo data created');
    } finally {
      await stop(second);
    }
  });
});
