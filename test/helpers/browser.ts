// The browser tests launch Chromium as the benchmarks do: one launcher, in src/bench/.
export { CHROMIUM, launchChromium } from '../../src/bench/browser.ts';
