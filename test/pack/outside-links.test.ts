import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands on its own: what it ships (sources, package READMEs) and its docs refer
 * only to files inside it. Notes kept elsewhere are not part of the project, so nothing names them
 * or reaches them by a relative path.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = /\.(md|ts|tsx|mts|js|mjs|json|html)$/;
/** Names of documents that live outside the repository. */
const OUTSIDE_DOCS = /\b(DESIGN|STYLE)\.md\b/;

/** Tracked and new files, as git sees them (ignored ones such as node_modules/ and dist/ left out). */
function repositoryFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => SCANNED.test(f) && f !== 'package-lock.json' && existsSync(join(root, f)));
}

const outside = (path: string): boolean => {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith('../') || isAbsolute(rel);
};

/** Relative paths that climb (`../x`), as written in code, configs or prose. */
function climbingPaths(text: string): string[] {
  return [...text.matchAll(/(?<![\w./-])((?:\.\.\/)+[\w./-]*)/g)].map((m) => m[1]!);
}

/** Markdown link targets, inline (`[a](b)`, `![a](b)`) and reference-style (`[a]: b`). */
function markdownTargets(text: string): string[] {
  const inline = [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
  const reference = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)];
  return [...inline, ...reference].map((m) => m[1]!);
}

const isRelativeTarget = (target: string): boolean =>
  !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('//');

describe('the repository refers only to itself', () => {
  const files = repositoryFiles();

  it('scans the docs and the sources', () => {
    for (const f of [
      'README.md',
      'CONTRIBUTING.md',
      'docs/architecture.md',
      'packages/core/src/index.ts',
    ]) {
      expect(files).toContain(f);
    }
  });

  it('names no document kept outside it', () => {
    const found = files.flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (OUTSIDE_DOCS.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('has no relative path that leads outside it', () => {
    const found = files.flatMap((f) =>
      climbingPaths(readFileSync(join(root, f), 'utf8'))
        .filter((p) => outside(resolve(root, dirname(f), p)))
        .map((p) => `${f}: ${p}`),
    );
    expect(found).toEqual([]);
  });

  it('has markdown links that resolve to files inside it', () => {
    const found: string[] = [];
    for (const f of files.filter((f) => f.endsWith('.md'))) {
      for (const target of markdownTargets(readFileSync(join(root, f), 'utf8'))) {
        if (!isRelativeTarget(target)) continue;
        const path = target.split('#')[0]!;
        const resolved = path.startsWith('/') ? join(root, path) : resolve(root, dirname(f), path);
        if (outside(resolved)) found.push(`${f}: ${target} (outside the repository)`);
        else if (!existsSync(resolved)) found.push(`${f}: ${target} (no such file)`);
      }
    }
    expect(found).toEqual([]);
  });
});
