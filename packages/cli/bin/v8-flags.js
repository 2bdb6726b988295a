// V8 settings for one `readin` process, chosen from its arguments before anything else is loaded. Plain
// JavaScript, like bundle-check.js, so that the bin can use it before anything is built.
//
// `readin score` on CSpider runs thousands of small functions (Spider's SQL tokenizer, parser and matcher)
// a few hundred times each and then exits: with V8's default interrupt budget (66 KB of bytecode) TurboFan
// compiles dozens of them on background threads, about 250 ms of CPU on CSpider dev that mostly lands after
// the work is done (two shared cores: it competes with the scoring itself). A 30× larger budget leaves such a
// short run to the interpreter and Sparkplug; a long run (a larger set, noisy splits, bootstrap) still tiers up,
// only later. CMRC and WMT score in hot loops that do profit from TurboFan: they keep the default.

/** The interrupt budget (bytes of bytecode run before a function is considered for optimisation). */
export const SPIDER_INTERRUPT_BUDGET = 2_000_000;

/** True for `score` argument lists that score CSpider (`--task cspider`, or `--tables` given). */
export function scoresSpider(argv) {
  if (argv[0] !== 'score') return false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--tables' || a.startsWith('--tables=')) return true;
    if ((a === '--task' || a === '-t') && argv[i + 1] === 'cspider') return true;
    if (a === '--task=cspider') return true;
  }
  return false;
}

/** The V8 flags for this argument list, as one string for `v8.setFlagsFromString` ('' for none). */
export function v8FlagsFor(argv) {
  return scoresSpider(argv) ? `--interrupt-budget=${SPIDER_INTERRUPT_BUDGET}` : '';
}
