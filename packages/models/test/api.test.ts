import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('pins the public API of @readin/models', async () => {
  expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
    'BASELINES',
    'CircuitBreaker',
    'DEFAULT_MAX_TOKENS',
    'EXTRACTION_RULES',
    'MODEL_BACKENDS',
    'PROMPT_TEMPLATES',
    'ResponseCache',
    'backoffDelay',
    'cacheKey',
    'createModel',
    'extractAfqmcLabel',
    'extractCmrcSpan',
    'extractSql',
    'extractTranslation',
    'mapClassifierLabel',
    'mapConcurrent',
    'openAiBaseUrl',
    'parseModelSpec',
    'parseRetryAfter',
    'promptFields',
    'promptSignature',
    'redact',
    'renderPrompt',
    'schemaText',
    'selectShots',
  ]);
});

it('imports heavy dependencies lazily (no static value import of the HF client or pinyin-pro)', async () => {
  const root = fileURLToPath(new URL('../src/', import.meta.url));
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8');
    expect(text, file).not.toMatch(
      /^import\s+(?!type\b)[^;]*from\s+'(?:@huggingface\/inference|pinyin-pro)'/m,
    );
  }
});
