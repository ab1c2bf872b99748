/**
 * The name of the CPU emulation of a GPU behind WebGL (SwiftShader, llvmpipe, ...), as
 * in headless browsers and machines without a GPU driver; undefined for a real GPU or no WebGL.
 * TF.js on an emulated GPU is several times slower than its WASM backend.
 */
export function softwareRenderer(): string | undefined {
  const gl =
    document.createElement('canvas').getContext('webgl2') ??
    document.createElement('canvas').getContext('webgl');
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.exec(renderer)?.[0];
}
