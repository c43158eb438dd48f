/** Providers baked in at build time (`LATCHKEY_PROVIDERS`), already validated by the build. */
declare const __LATCHKEY_PRESETS__: unknown[];

/** `@crxjs/vite-plugin`: importing a script with `?script` yields its output file name. */
declare module '*?script' {
  const fileName: string;
  export default fileName;
}
