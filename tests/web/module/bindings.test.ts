// The error contract holds for every bound call, by construction: embind.cpp registers only
// through register.hpp's guarded helpers, and errors.js wraps the names C++ reports. These tests
// fail on a registration that bypasses the helpers, a class errors.js did not wrap, and an
// out-of-memory that escapes as a bare WebAssembly exception.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { errorOf, useModule } from '../support/module';

const source = (path: string) => readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');
type Fn = ((...args: unknown[]) => unknown) & { layerlabGuarded?: boolean };

describe('bindings', () => {
  const m = useModule();

  it('embind.cpp registers nothing except through the guarded helpers', () => {
    const code = source('cpp/bindings/embind.cpp').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/emscripten::(class_|function|constant|value_object|enum_)\b/);
    expect(code).not.toMatch(/\b(class_<|optional_override|smart_ptr_constructor|allow_raw_pointers)/);
  });

  it('every bound class and function is wrapped by errors.js, and every class is listed', () => {
    const { ll } = m;
    const names = ll.boundNames();
    const module = ll as unknown as Record<string, unknown>;
    for (const name of names.functions) expect((module[name] as Fn).layerlabGuarded, name).toBe(true);
    for (const name of names.classes) {
      const cls = module[name] as Fn & { prototype: Record<string, unknown> };
      for (const key of Object.getOwnPropertyNames(cls.prototype)) {
        if (key === 'constructor') continue;
        const d = Object.getOwnPropertyDescriptor(cls.prototype, key);
        if (typeof d?.value === 'function') expect((d.value as Fn).layerlabGuarded, `${name}.${key}`).toBe(true);
      }
    }
    // Every embind class on the module (it has a prototype with isDeleted) is in the list.
    const classes = Object.keys(module).filter((k) => {
      const v = module[k];
      const proto = typeof v === 'function' ? (v as { prototype?: { isDeleted?: unknown } }).prototype : undefined;
      return typeof proto?.isDeleted === 'function';
    });
    expect(classes.sort()).toEqual([...names.classes].sort());
    expect(names.classes).toEqual(expect.arrayContaining(['Tensor', 'Linear', 'Sequential', 'CrossEntropyLoss', 'SGD', 'Adam', 'AdamW']));
  });

  it('an out-of-memory copy is the documented Error, and leaves no error pending for a later call', () => {
    const { ll, scope } = m;
    // 512 MiB of weights plus the kernel's packed 512 MiB copy: one more 512 MiB copy fits in
    // the 2 GiB heap, a second one cannot.
    const lin = scope.own(new ll.Linear(16384, 8192, true, 'zeros'));
    const copies = [];
    let message = 'no error';
    try {
      for (let i = 0; i < 3; i++) copies.push(lin.weight());
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      message = (e as Error).message;
    }
    expect(message).toMatch(/^out of memory: the WebAssembly heap \(\d+ MiB now, 2048 MiB at most\) has no room for this/);
    expect(errorOf(() => lin.weightGrad())).toMatch(/^out of memory/); // another 512 MiB copy
    for (const c of copies) c.delete();
    const x = scope.own(ll.Tensor.fromArray([1, 2, 3], [3]));
    expect(x.size()).toBe(3); // the next, unrelated call does not throw a stale error
  });
});
