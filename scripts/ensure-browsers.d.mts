// Types of ensure-browsers.mjs, for its test.
export declare const BROWSERS: Record<string, { pkg: string; path: string; env: string }>;
export type Plan =
  | { kind: 'ok' }
  | { kind: 'install'; packages: string[]; commands: string[][] }
  | { kind: 'stop'; message: string };
export declare function plan(machine: {
  names: string[];
  env: Record<string, string | undefined>;
  isExecutable: (path: string) => boolean;
  isRoot: boolean;
  hasApt: boolean;
}): Plan;
