// Undo and redo as two stacks of whole values. Models are immutable and share unchanged
// blocks, so keeping a hundred of them costs little.

export const HISTORY_LIMIT = 100;

export class History<T> {
  private readonly past: T[] = [];
  private readonly future: T[] = [];

  constructor(private readonly limit = HISTORY_LIMIT) {}

  get undoSteps(): number {
    return this.past.length;
  }

  get redoSteps(): number {
    return this.future.length;
  }

  /** Call with the value an edit is about to replace; a new edit forgets what was undone. */
  record(previous: T): void {
    this.past.push(previous);
    if (this.past.length > this.limit) this.past.shift();
    this.future.length = 0;
  }

  /** The value before `current`, or null; `current` becomes redoable. */
  undo(current: T): T | null {
    const previous = this.past.pop();
    if (previous === undefined) return null;
    this.future.push(current);
    return previous;
  }

  /** The value undone last, or null; `current` becomes undoable again. */
  redo(current: T): T | null {
    const next = this.future.pop();
    if (next === undefined) return null;
    this.past.push(current);
    return next;
  }
}
