#!/usr/bin/env node
// Runs the CLI from the esbuild bundle (scripts/bundle-cli.mjs, built by `npm run build` and on install: a few
// chunks instead of ~90 modules, a faster start) when it was built from the current sources, else from the tsc
// output in dist/. READIN_NO_BUNDLE=1 always uses dist/.
import { BUNDLE, bundleFresh } from './bundle-check.js';

const useBundle = !process.env.READIN_NO_BUNDLE && bundleFresh();
const { main } = useBundle ? await import(BUNDLE.entry) : await import('../dist/main.js');

process.exitCode = await main(process.argv.slice(2));
