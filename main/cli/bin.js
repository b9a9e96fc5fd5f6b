#!/usr/bin/env node
'use strict';
// The installed `floorwalk` command. The CLI is TypeScript bundled by `npm run build` (run by npm ci).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', '..', 'dist', 'main', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('floorwalk: not built yet; run "npm run build" in the Floorwalk folder first\n');
  process.exit(1);
}
require(bundle)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
