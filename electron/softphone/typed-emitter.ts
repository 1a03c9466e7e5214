/** A tiny typed event emitter (Node's EventEmitter is untyped). */
export class TypedEmitter<E extends Record<string, (...args: never[]) => void>> {
  private readonly listeners = new Map<keyof E, Set<E[keyof E]>>();

  on<K extends keyof E>(event: K, listener: E[K]): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  protected emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: Parameters<E[K]>) => void)(...args);
  }
}
