import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, publicBaseUrl } from './config.ts';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8080, ./data, sandbox on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', sandbox: true, logLevel: 'info' });
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBeUndefined();
  });

  it('honours PORT, HOST and DATA_DIR', () => {
    const config = loadConfig({ PORT: '9090', HOST: '0.0.0.0', DATA_DIR: '/tmp/gz-x' });
    expect(config).toMatchObject({ port: 9090, host: '0.0.0.0', dataDir: '/tmp/gz-x' });
    expect(publicBaseUrl(config)).toBe('http://127.0.0.1:9090');
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', GZ_ADMIN_KEY: 'short' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'GZ_ADMIN_KEY'])
      expect(problems).toContain(name);
  });

  it('reads a JSON file, with the environment taking precedence and unknown keys reported', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gz-cfg-'));
    const file = path.join(dir, 'gongzhong.json');
    writeFileSync(file, JSON.stringify({ port: 7000, host: '127.0.0.2', sandbox: false }));
    expect(loadConfig({ GZ_CONFIG_FILE: file, PORT: '7001' })).toMatchObject({
      port: 7001,
      host: '127.0.0.2',
      sandbox: false,
    });
    writeFileSync(file, JSON.stringify({ prot: 7000 }));
    expect(() => loadConfig({ GZ_CONFIG_FILE: file })).toThrow(/unknown key "prot"/);
  });
});
