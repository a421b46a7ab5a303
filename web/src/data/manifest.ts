// manifest.json (written by scripts/make-data.mjs): what each image set is, where it came from
// and what its file must be, so the page can show sizes and licences before downloading and
// check the file after.

export interface ManifestSet {
  id: string;
  name: string;
  /** File name relative to the manifest. */
  file: string;
  /** Size and SHA-256 of the gzip file, and of its decompressed LLDS content. */
  bytes: number;
  sha256: string;
  contentBytes: number;
  contentSha256: string;
  train: number;
  test: number;
  trainPerClass: number[];
  testPerClass: number[];
  inputShape: number[];
  imageShape: [number, number];
  numClasses: number;
  classNames: string[];
  maxValue: number;
  /** How the subset and split were taken, in words. */
  selection: string;
  source: { package: string; version: string | null; files: { path: string; sha256: string }[] };
  origin: string;
  licence: string;
  /** The Debian package's copyright file, served beside the data. */
  licenceFile: string;
}

export interface Manifest {
  format: 'LLDS';
  version: number;
  normalisation: string;
  sets: ManifestSet[];
}

/** Checks the fields the loader and the page rely on; errors name the field's path. */
export function parseManifest(json: unknown, source = 'manifest.json'): Manifest {
  const fail = (path: string, want: string, got: unknown): never => {
    throw new Error(`${source}: ${path} must be ${want}, got ${JSON.stringify(got) ?? String(got)}`);
  };
  const object = (value: unknown, path: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(path, 'an object', value);
  const text = (value: unknown, path: string): string => (typeof value === 'string' && value !== '' ? value : fail(path, 'a non-empty string', value));
  const count = (value: unknown, path: string): number => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : fail(path, 'a whole number', value));
  const counts = (value: unknown, path: string): number[] => (Array.isArray(value) ? value.map((v, i) => count(v, `${path}[${i}]`)) : fail(path, 'an array', value));
  const hash = (value: unknown, path: string): string => (typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? value : fail(path, 'a SHA-256 in hex', value));

  const root = object(json, 'the manifest');
  if (root.format !== 'LLDS') fail('format', '"LLDS"', root.format);
  if (!Array.isArray(root.sets)) fail('sets', 'an array', root.sets);
  const sets = (root.sets as unknown[]).map((value, i): ManifestSet => {
    const p = `sets[${i}]`;
    const s = object(value, p);
    const src = object(s.source, `${p}.source`);
    const files = Array.isArray(src.files) ? src.files : fail(`${p}.source.files`, 'an array', src.files);
    const imageShape = counts(s.imageShape, `${p}.imageShape`);
    if (imageShape.length !== 2) fail(`${p}.imageShape`, '[height, width]', s.imageShape);
    const classNames = Array.isArray(s.classNames) ? s.classNames.map((v, k) => text(v, `${p}.classNames[${k}]`)) : fail(`${p}.classNames`, 'an array', s.classNames);
    const numClasses = count(s.numClasses, `${p}.numClasses`);
    if (classNames.length !== numClasses) fail(`${p}.classNames`, `${numClasses} names`, s.classNames);
    return {
      id: text(s.id, `${p}.id`),
      name: text(s.name, `${p}.name`),
      file: text(s.file, `${p}.file`),
      bytes: count(s.bytes, `${p}.bytes`),
      sha256: hash(s.sha256, `${p}.sha256`),
      contentBytes: count(s.contentBytes, `${p}.contentBytes`),
      contentSha256: hash(s.contentSha256, `${p}.contentSha256`),
      train: count(s.train, `${p}.train`),
      test: count(s.test, `${p}.test`),
      trainPerClass: counts(s.trainPerClass, `${p}.trainPerClass`),
      testPerClass: counts(s.testPerClass, `${p}.testPerClass`),
      inputShape: counts(s.inputShape, `${p}.inputShape`),
      imageShape: [imageShape[0] ?? 0, imageShape[1] ?? 0],
      numClasses,
      classNames,
      maxValue: count(s.maxValue, `${p}.maxValue`),
      selection: text(s.selection, `${p}.selection`),
      source: {
        package: text(src.package, `${p}.source.package`),
        version: src.version === null ? null : text(src.version, `${p}.source.version`),
        files: files.map((f, k) => {
          const file = object(f, `${p}.source.files[${k}]`);
          return { path: text(file.path, `${p}.source.files[${k}].path`), sha256: hash(file.sha256, `${p}.source.files[${k}].sha256`) };
        }),
      },
      origin: text(s.origin, `${p}.origin`),
      licence: text(s.licence, `${p}.licence`),
      licenceFile: text(s.licenceFile, `${p}.licenceFile`),
    };
  });
  return { format: 'LLDS', version: count(root.version, 'version'), normalisation: text(root.normalisation, 'normalisation'), sets };
}
