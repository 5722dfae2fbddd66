#!/usr/bin/env node
'use strict';
/**
 * The `portflow` bin (SPEC R67: `npx portflow …` right after `npm ci`, before any build).
 *
 * In a checkout (src/main.ts is there and tsx, a dev dependency, is installed) it runs the sources
 * through tsx's require hook in this same process: always the code you see, no build step, and
 * signals reach the process that holds the workers. In a built package or image (no sources or no
 * tsx) it runs dist/src/main.js. `npm start` builds and runs dist directly and does not come here.
 */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'src', 'main.ts');
const built = join(root, 'dist', 'src', 'main.js');

function tsxHook() {
  try {
    return require.resolve('tsx/cjs/api', { paths: [root] });
  } catch {
    return null;
  }
}

const hook = existsSync(source) ? tsxHook() : null;
if (hook) {
  require(hook).register();
  require(source);
} else if (existsSync(built)) {
  require(built);
} else {
  process.stderr.write('portflow: neither the sources with tsx (npm ci) nor a build (npm run build) is here\n');
  process.exit(1);
}
