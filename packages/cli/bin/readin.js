#!/usr/bin/env node
// Runs the CLI from the esbuild bundle (scripts/bundle-cli.mjs: a few chunks instead of ~90 modules, a faster
// start) when it was built from the current sources, else from the tsc output in dist/ and then rebuilds the
// bundle in the background for the next start. READIN_NO_BUNDLE=1 always uses dist/ and never builds.
import { BUNDLE, bundleFresh, rebuildInBackground } from './bundle-check.js';

const noBundle = Boolean(process.env.READIN_NO_BUNDLE);
const useBundle = !noBundle && bundleFresh();
if (!useBundle && !noBundle) rebuildInBackground();
const { main } = useBundle ? await import(BUNDLE.entry) : await import('../dist/main.js');

process.exitCode = await main(process.argv.slice(2));
