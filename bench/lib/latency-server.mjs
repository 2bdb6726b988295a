// A local OpenAI-compatible chat server that answers every request after a fixed latency, for the throughput
// benchmarks (bench/models-throughput.mjs, bench/harness-throughput.mjs). It runs in a child process so that
// its CPU time is not counted as the client's. Replies are "是"/"否" by body length parity; POST /latency with
// a number of ms changes the latency (0 answers at once).
//
//   const server = await spawnLatencyServer(50); // { base, setLatency(ms), close() }
//   node bench/lib/latency-server.mjs [--latency MS]   serves, printing its port on the first line
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

/** Serves on 127.0.0.1 (port 0) in this process; resolves to the port. */
export function serveWithLatency(latencyMs = 50) {
  let latency = latencyMs;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      if (req.url === '/latency') {
        latency = Number(raw);
        res.end('ok');
        return;
      }
      const body = JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: raw.length % 2 ? '是' : '否' } }],
      });
      const send = () => {
        res.setHeader('content-type', 'application/json');
        res.end(body);
      };
      if (latency > 0) setTimeout(send, latency);
      else send();
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/**
 * Starts the server in a child process. `base` is its URL (http://127.0.0.1:PORT), `setLatency(ms)` changes
 * the latency, `close()` stops the child.
 */
export async function spawnLatencyServer(latencyMs = 50) {
  const child = spawn(process.execPath, [self, '--latency', String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`latency server exited with ${code}`)));
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    setLatency: (ms) => fetch(`${base}/latency`, { method: 'POST', body: String(ms) }),
    close: () => {
      child.kill('SIGTERM');
    },
  };
}

if (process.argv[1] === self) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--latency');
  const port = await serveWithLatency(i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : 50);
  process.stdout.write(`${port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}
