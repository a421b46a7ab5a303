// The message an embedded page posts to the page around it: its content height, nothing
// about the network. Pure TS, shared by the reporter (embed/height-report.ts) and the
// snippet's listener (embed-snippet.ts).

export const HEIGHT_MESSAGE = 'layerlab:height';

export interface HeightMessage {
  type: typeof HEIGHT_MESSAGE;
  /** CSS px of the embedded content. */
  height: number;
}

export function heightMessage(height: number): HeightMessage {
  return { type: HEIGHT_MESSAGE, height: Math.ceil(height) };
}

export function isHeightMessage(data: unknown): data is HeightMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { type, height } = data as Record<string, unknown>;
  return type === HEIGHT_MESSAGE && typeof height === 'number' && Number.isFinite(height) && height > 0;
}
