// One place that owns WASM handles: everything created through a scope is deleted when the
// scope is disposed, whatever happened in between (errors included).
import type { Handle } from './layerlab';

export class HandleScope {
  private readonly handles: Handle[] = [];

  /** Registers a handle for deletion and returns it, so calls can be wrapped inline. */
  own<T extends Handle>(handle: T): T {
    this.handles.push(handle);
    return handle;
  }

  ownAll<T extends Handle>(handles: T[]): T[] {
    for (const h of handles) this.own(h);
    return handles;
  }

  dispose(): void {
    while (this.handles.length > 0) {
      const h = this.handles.pop();
      if (h && !h.isDeleted()) h.delete();
    }
  }
}

/** Runs fn with a fresh scope and disposes it afterwards; the result must not be a handle. */
export function withScope<R>(fn: (scope: HandleScope) => R): R {
  const scope = new HandleScope();
  try {
    return fn(scope);
  } finally {
    scope.dispose();
  }
}
