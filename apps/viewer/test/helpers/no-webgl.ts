/**
 * Run before the page's own scripts: canvases give no WebGL context, as in a browser without a
 * GPU or with WebGL switched off, so that the viewer must fall back to another backend.
 */
export const NO_WEBGL = `
(() => {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    return /webgl/i.test(type) ? null : original.call(this, type, ...rest);
  };
  globalThis.OffscreenCanvas = undefined;
})();
`;
