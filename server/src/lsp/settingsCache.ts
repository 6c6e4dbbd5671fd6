/**
 * Settings per document, fetched once and kept until they may have changed
 * (`didChangeConfiguration`, the project file changed, the document closed).
 * Concurrent requests for one document share one fetch. What a fetch does
 * (ask the client, read the project file) is the loader's business, so this
 * is tested without a connection.
 */
export class SettingsCache<T> {
  private readonly cache = new Map<string, Promise<T>>();

  /** `load` must not reject; if it does anyway, `fallback` is used and the next request loads again. */
  constructor(
    private readonly load: (uri: string) => Promise<T>,
    private readonly fallback: T,
  ) {}

  get(uri: string): Promise<T> {
    const cached = this.cache.get(uri);
    if (cached) return cached;
    const loading = this.load(uri).catch(() => {
      if (this.cache.get(uri) === loading) this.cache.delete(uri);
      return this.fallback;
    });
    this.cache.set(uri, loading);
    return loading;
  }

  /** Whether settings of `uri` are cached (fetched or being fetched). */
  has(uri: string): boolean {
    return this.cache.has(uri);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  clear(): void {
    this.cache.clear();
  }
}
