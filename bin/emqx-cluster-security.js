#!/usr/bin/env node
// The published CLI: the bundled engine in dist/cli.js (built by `npm run build`).
require('../dist/cli.js');
