import type { DesktopShell } from '../../../src-main/api/contract';

/**
 * Save content under a suggested file name: the native save dialog on the desktop, a browser
 * download otherwise. Returns false when the person cancelled the dialog.
 */
export async function saveContent(
  shell: DesktopShell | null,
  fileName: string,
  content: string | Uint8Array,
  mimeType: string,
): Promise<boolean> {
  if (shell) return (await shell.saveFile(fileName, content)) !== null;
  const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
  const url = URL.createObjectURL(new Blob([part], { type: mimeType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

export function dataUrlToBytes(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
