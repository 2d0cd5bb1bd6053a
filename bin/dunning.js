#!/usr/bin/env node
// Entry shim: the program lives in dist/ (built by `npm run build`, run by `prepare`).
import "../dist/cli.js";
