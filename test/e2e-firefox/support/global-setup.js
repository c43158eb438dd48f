import { buildExtensionForE2e, firefoxDirOf } from '../../e2e/support/extension-build.js';
/** The e2e build (shared with the Chromium project, by a digest of its sources), Firefox half. */
export default async function setup(project) {
    const built = await buildExtensionForE2e();
    project.provide('firefoxExtensionDir', firefoxDirOf(built.dir));
}
