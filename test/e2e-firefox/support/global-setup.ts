import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildExtensionForE2e } from '../../e2e/support/extension-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Firefox build of the e2e extension (`<outDir>-firefox`). */
    firefoxExtensionDir: string;
  }
}

/** One extension build for the whole Firefox project (its test files reinstall it per case). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const built = await buildExtensionForE2e();
  const firefoxDir = `${built.dir}-firefox`;
  project.provide('firefoxExtensionDir', firefoxDir);
  return async () => {
    await built.remove();
    await rm(firefoxDir, { recursive: true, force: true });
  };
}
