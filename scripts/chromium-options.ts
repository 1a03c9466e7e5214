/**
 * How the tests, the benchmarks and the screenshots launch Debian's Chromium (no browser download on these
 * machines): the binary, and the flags that keep a headless run quiet and self-contained. The end-to-end tests
 * add a fake microphone and camera with `FAKE_MEDIA_ARGS`.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
