import type { Page } from 'playwright-core';

/** Drags a file onto an element and drops it there, as a user would from a file manager. */
export async function dropFile(
  page: Page,
  selector: string,
  file: { name: string; type: string; bytes: Uint8Array },
) {
  const dataTransfer = await page.evaluateHandle(
    ({ name, type, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
      return transfer;
    },
    { name: file.name, type: file.type, bytes: Array.from(file.bytes) },
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}
