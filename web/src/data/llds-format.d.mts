// Types for llds-format.mjs (plain JavaScript so Node scripts can use it without a compiler).

export declare const LLDS_MAGIC: 'LLDS';
export declare const LLDS_VERSION: 1;
export declare const LLDS_FIXED_HEADER_BYTES: 20;
export declare const LLDS_MAX_RANK: 4;

export interface LldsSplit {
  /** (n, ...shape) row-major, each at most maxValue. */
  pixels: Uint8Array;
  /** (n,) class indices. */
  labels: Uint8Array;
}

export interface LldsSet {
  shape: number[];
  maxValue: number;
  classNames: string[];
  train: LldsSplit;
  test: LldsSplit;
}

export declare function encodeLlds(set: LldsSet): Uint8Array;
