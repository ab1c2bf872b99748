/** An asset of the app (models, WASM binaries) as an absolute URL, wherever the app is served from. */
export function assetUrl(path: string): string {
  return new URL(path, document.baseURI).href;
}

export async function fetchJson<T>(path: string, what: string): Promise<T> {
  const url = assetUrl(path);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${what} from ${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}
