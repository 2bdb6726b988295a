import { chmod, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import {
  findRecorder,
  type ModelErrorLike,
  recorderArgs,
  recordingCapture,
  requireRecorder,
  transcribe,
  transcriptionUrl,
} from './asr-helpers.js';
import { sineWav, tempDir } from './fixtures.js';

interface Received {
  readonly path: string;
  readonly auth: string | undefined;
  readonly model: string;
  readonly language: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

let server: Server;
let base: string;
const received: Received[] = [];

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const buf = await body(req);
    if (req.url === '/fail/v1/audio/transcriptions') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('model not loaded');
      return;
    }
    const form = await new Response(new Uint8Array(buf), {
      headers: { 'content-type': req.headers['content-type'] ?? '' },
    }).formData();
    const file = form.get('file') as File;
    received.push({
      path: req.url ?? '',
      auth: req.headers.authorization,
      model: String(form.get('model')),
      language: String(form.get('language')),
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ text: ' 今天天气很好 ' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('transcribe (OpenAI-compatible /v1/audio/transcriptions)', () => {
  it('posts the WAV as multipart form data and returns the text', async () => {
    const wav = sineWav();
    const t = await transcribe(
      wav,
      { backend: 'openai', url: base, model: 'whisper-small' },
      { apiKey: 'k1', env: {} },
    );
    expect(t).toMatchObject({ text: '今天天气很好', backend: 'openai', model: 'whisper-small' });
    const got = received.at(-1)!;
    expect(got).toMatchObject({
      path: '/v1/audio/transcriptions',
      auth: 'Bearer k1',
      model: 'whisper-small',
      language: 'zh',
      fileName: 'audio.wav',
    });
    expect(Buffer.from(got.bytes)).toEqual(Buffer.from(wav));
    expect(Buffer.from(got.bytes.subarray(0, 4)).toString('ascii')).toBe('RIFF');
  });

  it('reports HTTP errors as ModelError with the status', async () => {
    await expect(
      transcribe(sineWav(), { backend: 'openai', url: `${base}/fail` }, { env: {} }),
    ).rejects.toMatchObject({
      code: 'READIN_MODEL',
      message: expect.stringContaining('HTTP 500'),
    } satisfies Partial<ModelErrorLike>);
  });

  it('says clearly when the server is not running', async () => {
    await expect(
      transcribe(sineWav(), { backend: 'openai', url: 'http://127.0.0.1:9' }, { env: {}, timeoutMs: 5000 }),
    ).rejects.toThrow(/cannot reach the recogniser/);
  });

  it('needs a token for Hugging Face', async () => {
    await expect(transcribe(sineWav(), { backend: 'hf' }, { env: {} })).rejects.toThrow(/HF_TOKEN|token/);
  });

  test.each([
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/v1/audio/transcriptions'],
    ['http://h/v1/', 'http://h/v1/audio/transcriptions'],
    ['http://h/v1/audio/transcriptions', 'http://h/v1/audio/transcriptions'],
  ])('transcriptionUrl(%s)', (url, expected) => {
    expect(transcriptionUrl(url)).toBe(expected);
  });
});

describe('recorder', () => {
  it('is reported clearly when missing', () => {
    expect(findRecorder({ PATH: '/nonexistent' })).toBeUndefined();
    expect(() => requireRecorder({ PATH: '/nonexistent' })).toThrow(/no audio recorder found.*sox.*arecord/);
  });

  test.each([
    ['rec', ['-q', '-r', '16000', '-c', '1', '-b', '16', 'x.wav']],
    ['arecord', ['-q', '-f', 'S16_LE', '-r', '16000', '-c', '1', '-t', 'wav', 'x.wav']],
  ] as const)('records 16 kHz mono with %s', (name, args) => {
    expect(recorderArgs({ name, path: `/usr/bin/${name}` }, 'x.wav')).toEqual(args);
  });

  it('records with a (fake) recorder, stores the audio and transcribes it', async () => {
    const bin = await tempDir();
    const wav = join(bin, 'tone.wav');
    await writeFile(wav, sineWav(0.5));
    // A stand-in for `rec`: copies a tone to the output file, then waits for SIGINT like sox does.
    const script = join(bin, 'rec');
    await writeFile(
      script,
      `#!${process.execPath}\nconst fs=require('fs');fs.copyFileSync(${JSON.stringify(wav)},process.argv.at(-1));process.on('SIGINT',()=>process.exit(0));setInterval(()=>{},1000);\n`,
    );
    await chmod(script, 0o755);
    const recorder = findRecorder({ PATH: bin })!;
    expect(recorder.name).toBe('rec');
    const session = await tempDir();
    const capture = recordingCapture({
      sessionDir: session,
      annotator: 'sp-01',
      recorder,
      asr: { backend: 'openai', url: base },
      env: {},
    });
    const active = await capture.start({
      key: '7:question',
      id: '7',
      field: 'question',
      text: '今天天气好吗',
      record: 7,
    });
    const target = join(session, 'audio', 'sp-01', '7_question.take1.wav');
    for (let i = 0; i < 200 && !(await readFile(target).catch(() => undefined)); i++)
      await new Promise((r) => setTimeout(r, 50));
    const result = await active.stop();
    expect(result.audio).toBe(join('audio', 'sp-01', '7_question.take1.wav'));
    expect(result.transcript.text).toBe('今天天气很好');
    expect(Buffer.from(await readFile(join(session, result.audio)))).toEqual(Buffer.from(sineWav(0.5)));
  });
});
