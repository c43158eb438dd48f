// `npm run test:e2e` runs this before vitest: the e2e build (LATCHKEY_LOOPBACK=1) is made once, up
// front, so that no test hook carries a build (extension-build.ts reuses it by its sources' digest).
import { buildExtensionForE2e } from './extension-build.js';

const { dir } = await buildExtensionForE2e();
console.log(`e2e extension build: ${dir}`);
