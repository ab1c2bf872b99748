// The one headless-Chromium launcher of the repository's browser tests lives with render's tests.
export {
  CHROMIUM,
  CHROMIUM_BROWSER,
  HAVE_CHROMIUM,
  launchChromium,
  SKIPPED,
} from '../../../../packages/render/test/helpers/chromium';
