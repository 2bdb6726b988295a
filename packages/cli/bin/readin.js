#!/usr/bin/env node
// Runs the CLI from the esbuild bundle (scripts/bundle-cli.mjs, built by `npm run build` and on install: a few
// chunks instead of ~90 modules, a faster start) when it was built from the current sources, else from the tsc
// output in dist/. READIN_NO_BUNDLE=1 always uses dist/. V8 flags for the command (v8-flags.js) are set first,
// before any of the CLI's code is compiled.
import { setFlagsFromString } from 'node:v8';
import { BUNDLE, bundleFresh } from './bundle-check.js';
import { v8FlagsFor } from './v8-flags.js';

const argv = process.argv.slice(2);
const flags = v8FlagsFor(argv);
if (flags) setFlagsFromString(flags);

const useBundle = !process.env.READIN_NO_BUNDLE && bundleFresh();
const { main } = useBundle ? await import(BUNDLE.entry) : await import('../dist/main.js');

process.exitCode = await main(argv);
