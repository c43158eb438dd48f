import type { TestProject } from 'vitest/node';
import { buildExtensionForE2e, firefoxDirOf } from '../../e2e/support/extension-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Firefox build of the e2e extension. */
    firefoxExtensionDir: string;
  }
}

/** The e2e build (shared with the Chromium project, by a digest of its sources), Firefox half. */
export default async function setup(project: TestProject): Promise<void> {
  const built = await buildExtensionForE2e();
  project.provide('firefoxExtensionDir', firefoxDirOf(built.dir));
}
