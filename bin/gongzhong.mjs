#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so `npm install`
// is the whole build for the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
