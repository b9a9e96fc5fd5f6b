export function guessKind(fileName: string): 'sites' | 'rooms' | 'racks' | 'devices' | 'accelerators' | null {
  const name = fileName.toLowerCase();
  if (/(accelerator|gpu)/.test(name)) return 'accelerators';
  if (/device/.test(name)) return 'devices';
  if (/rack/.test(name)) return 'racks';
  if (/(room|location|hall)/.test(name)) return 'rooms';
  if (/site/.test(name)) return 'sites';
  return null;
}
