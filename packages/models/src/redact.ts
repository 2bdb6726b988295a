/**
 * Secrets must never reach errors, logs, cache keys or files. `redact` removes known secrets and anything that
 * looks like a bearer token or a Hugging Face / OpenAI key from a string.
 */
const PATTERNS: readonly RegExp[] = [
  /(Bearer\s+)[^\s"',;]+/gi,
  /\bhf_[A-Za-z0-9]{8,}\b/g,
  /\bsk-[A-Za-z0-9_-]{8,}\b/g,
  /(api[_-]?key["'=:\s]+)[^\s"',;&]+/gi,
];

export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match, prefix?: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}

/** A URL without user:password, query string or fragment, for display and signatures. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return redact(url);
  }
}
