import { rm } from 'node:fs/promises';
import { buildExtensionForE2e } from '../../e2e/support/extension-build.js';
/** One extension build for the whole Firefox project (its test files reinstall it per case). */
export default async function setup(project) {
  const built = await buildExtensionForE2e();
  const firefoxDir = `${built.dir}-firefox`;
  project.provide('firefoxExtensionDir', firefoxDir);
  return async () => {
    await built.remove();
    await rm(firefoxDir, { recursive: true, force: true });
  };
}
