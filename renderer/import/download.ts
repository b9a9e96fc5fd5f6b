/** Saves text as a file through the browser's download (Electron shows its save dialog). No network. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the object URL goes away.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function guessKind(fileName: string): 'sites' | 'racks' | 'devices' | 'accelerators' | null {
  const name = fileName.toLowerCase();
  if (/(accelerator|gpu)/.test(name)) return 'accelerators';
  if (/device/.test(name)) return 'devices';
  if (/rack/.test(name)) return 'racks';
  if (/site/.test(name)) return 'sites';
  return null;
}
