#!/usr/bin/env node
// CommonJS (bin/package.json says so): Node 20 starts a CommonJS entry point ~13 ms sooner than an
// ES module, and `--version` loads nothing but package.json. Every other command goes through
// dist/launch.cjs, which runs the CLI bundle with a V8 code cache (registry-cli/launch.ts).
'use strict';
const { join } = require('node:path');

const { version } = require('../package.json');
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${version}\n`);
} else {
  let launch;
  try {
    launch = require('../dist/launch.cjs');
  } catch (error) {
    if (error?.code !== 'MODULE_NOT_FOUND') throw error;
    process.stderr.write('patternhub is not built: run `npm install` (or `npm run build`) in its folder.\n');
    process.exit(1);
  }
  launch.main({ argv, version, bundle: join(__dirname, '..', 'dist', 'cli.cjs') }).then((code) => {
    process.exitCode = code;
  });
}
