/**
 * The Idempotency-Key of each write the console sends. A write that got no definite answer (no
 * answer at all, a 5xx, a 429) keeps its key, so that sending the same write again (the same
 * click after a 503) is a retry the API records once; any definite answer frees it, so a later
 * write of the same content is a new one with a new key.
 */
export class WriteKeys {
  private readonly open = new Map<string, string>();

  constructor(private readonly newKey: () => string = randomKey) {}

  keyFor(method: string, path: string, bodyText: string): string {
    const id = `${method} ${path}\u0000${bodyText}`;
    let key = this.open.get(id);
    if (key === undefined) {
      key = this.newKey();
      this.open.set(id, key);
    }
    return key;
  }

  settle(method: string, path: string, bodyText: string, status: number): void {
    if (status === 0 || status === 429 || status >= 500) return;
    this.open.delete(`${method} ${path}\u0000${bodyText}`);
  }
}

/** A random UUID; `crypto.randomUUID` exists only in secure contexts, so built from random bytes otherwise. */
export function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
