#!/usr/bin/env node
// Builds every front end under web/<name>/ (each has its own vite.config.ts)
// into dist/web/<name>, where src/server/http/web-apps.ts serves it at
// /<name>/. `npm install` / `npm ci` run this through the "prepare" script.
// Optional names on the command line build only those apps.
import console from 'node:console';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(repo, 'web');
const only = process.argv.slice(2);

const apps = existsSync(webDir)
  ? readdirSync(webDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(webDir, entry.name, 'vite.config.ts')))
      .map((entry) => entry.name)
      .filter((name) => only.length === 0 || only.includes(name))
      .sort()
  : [];

if (only.length > 0 && apps.length !== only.length) {
  const missing = only.filter((name) => !apps.includes(name));
  console.error(`build-web: no web/<name>/vite.config.ts for ${missing.join(', ')}`);
  process.exit(1);
}

// vite is a dev dependency: an install without them (npm ci --omit=dev)
// keeps whatever dist/web holds; the platform says how to build what is missing.
let build;
try {
  ({ build } = await import('vite'));
} catch {
  console.warn('build-web: vite is not installed (dev dependencies omitted?); front ends not built');
  process.exit(0);
}

// A production build whatever the caller's NODE_ENV (vitest sets "test",
// which would otherwise give React's development build).
process.env.NODE_ENV = 'production';

for (const name of apps) {
  const started = Date.now();
  await build({
    configFile: path.join(webDir, name, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
  });
  console.log(`build-web: ${name} → dist/web/${name} (${Date.now() - started} ms)`);
}
if (apps.length === 0) console.log('build-web: no front ends under web/');
