// Child process for the kill-and-resume test: answers N AFQMC examples through the OpenAI backend with a
// response cache, printing one line per finished request, until it is killed.
import { createModel, mapConcurrent, ResponseCache } from '../../src/index.js';

const [url, dir, count] = process.argv.slice(2);
const cache = await ResponseCache.open(dir!);
const model = await createModel(`openai:${url}#resume`, { cache, env: {} });
const examples = Array.from({ length: Number(count) }, (_, i) => ({
  id: String(i),
  sentence1: `句子${i}`,
  sentence2: i % 3 === 0 ? `一样${i}` : `不同${i}`,
  label: '0' as const,
}));
await mapConcurrent(examples, 4, async (example) => {
  const r = await model.predict({ task: 'afqmc', example });
  process.stdout.write(`done ${example.id} ${r.cached ? 'cached' : 'sent'}\n`);
});
await cache.close();
process.stdout.write('finished\n');
