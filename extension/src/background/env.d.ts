/** Providers baked in at build time (`LATCHKEY_PROVIDERS`), already validated by the build. */
declare const __LATCHKEY_PRESETS__: unknown[];

/** Whether this build lets loopback pages reach the broker (`LATCHKEY_LOOPBACK`, dev builds). */
declare const __LATCHKEY_LOOPBACK__: boolean;

/** `@crxjs/vite-plugin`: importing a script with `?script` yields its output file name. */
declare module '*?script' {
  const fileName: string;
  export default fileName;
}
