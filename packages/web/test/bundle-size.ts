import { build } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Gzip -9 sizes (bytes) of an entry built as a browser app would: esbuild ESM, minified, split. */
export interface BundleSize {
  /** The entry chunk and every chunk it imports statically: what loads before the first call. */
  critical: number;
  /** Every chunk, the lazily loaded ones too (each gzipped on its own, as each is fetched). */
  whole: number;
  /** Every chunk's minified bytes added up. */
  raw: number;
  /** The source files (paths as esbuild names them) with code in the critical path's chunks. */
  criticalInputs: string[];
  /**
   * Every chunk the entry can load, statically or with `import()`, except through a dynamic import
   * of a chunk holding a file whose path ends with `skip` (e.g. the extension client, which page mode
   * never loads).
   */
  wholeWithout(skip: string): number;
}

export async function bundleSize(entry: string | URL): Promise<BundleSize> {
  const entryPath = typeof entry === 'string' ? entry : fileURLToPath(entry);
  const result = await build({
    entryPoints: [entryPath],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@latchkey/source'],
    splitting: true,
    outdir: '/size-out',
    absWorkingDir: '/',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const gzip = new Map<string, number>();
  let raw = 0;
  for (const file of result.outputFiles) {
    gzip.set(file.path, gzipSync(file.contents, { level: 9 }).byteLength);
    raw += file.contents.byteLength;
  }
  // The metafile names outputs relative to absWorkingDir.
  const outputs = Object.fromEntries(
    Object.entries(result.metafile.outputs).map(([k, v]) => [resolve('/', k), v]),
  );
  const entryChunk = Object.keys(outputs).find((name) => outputs[name]!.entryPoint)!;
  const critical = new Set<string>();
  const visit = (name: string): void => {
    if (critical.has(name)) return;
    critical.add(name);
    for (const i of outputs[name]!.imports)
      if (i.kind === 'import-statement') visit(resolve('/', i.path));
  };
  visit(entryChunk);
  const sum = (names: Iterable<string>) => [...names].reduce((n, k) => n + gzip.get(k)!, 0);
  const criticalInputs = [...critical].flatMap((name) =>
    Object.entries(outputs[name]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
  const wholeWithout = (skip: string): number => {
    const seen = new Set<string>();
    const walk = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const i of outputs[name]!.imports) {
        const target = resolve('/', i.path);
        const skipped =
          i.kind === 'dynamic-import' &&
          Object.keys(outputs[target]!.inputs).some((path) => path.endsWith(skip));
        if (!skipped) walk(target);
      }
    };
    walk(entryChunk);
    return sum(seen);
  };
  return { critical: sum(critical), whole: sum(gzip.keys()), raw, criticalInputs, wholeWithout };
}
