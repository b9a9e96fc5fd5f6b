/**
 * What a file says about the thing a reading belongs to, before it is matched to the inventory. A GPU is
 * known by UUID, serial, or host + PCI bus id (bus ids repeat across hosts and `index` can reorder, so
 * neither alone identifies one); a device by hostname or serial; a rack, sensor or CDU by name, optionally
 * qualified by site and room. Pure.
 */

export type TargetHint = 'gpu' | 'device' | 'rack' | 'sensor' | 'cooling_unit' | 'any';

export interface TargetIdentity {
  readonly hint: TargetHint;
  readonly uuid?: string;
  readonly serial?: string;
  readonly host?: string;
  readonly busId?: string;
  /** nvidia-smi/DCGM GPU index on its host: reported for unmatched GPUs, never used to match. */
  readonly gpuIndex?: string;
  /** A MIG GPU instance of the GPU the other fields name (dcgm-exporter `GPU_I_ID`), and its profile (`1g.10gb`). */
  readonly mig?: string;
  readonly migProfile?: string;
  readonly name?: string;
  readonly site?: string;
  readonly room?: string;
}

const BUS_ID = /^(?:([0-9a-f]{1,8}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i;

/**
 * The one spelling of a PCI bus id: nvidia-smi prints `00000000:18:00.0`, NVML errors `0000:CB:00.0`,
 * lspci `18:00.0`; all become `00000000:18:00.0`.
 */
export function normaliseBusId(text: string): string | null {
  const m = BUS_ID.exec(text.trim());
  if (!m) return null;
  const domain = (m[1] ?? '0').toUpperCase().padStart(8, '0');
  return `${domain}:${(m[2] ?? '').toUpperCase().padStart(2, '0')}:${(m[3] ?? '').toUpperCase().padStart(2, '0')}.${m[4] ?? '0'}`;
}

/** GPU UUIDs compare in upper case with their `GPU-` prefix (MIG instances keep their `MIG-`). */
export function normaliseUuid(text: string): string {
  const trimmed = text.trim();
  if (/^(GPU|MIG)-/i.test(trimmed)) return trimmed.slice(0, 4).toUpperCase() + trimmed.slice(4).toLowerCase();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed)) return `GPU-${trimmed.toLowerCase()}`;
  return trimmed;
}

/** The key an unmatched target is kept under, so the same GPU from two files is one target. */
export function unmatchedKey(identity: TargetIdentity): string {
  if (identity.mig !== undefined) return `mig:${unmatchedKey(gpuOfInstance(identity))}/${identity.mig}`;
  if (identity.uuid) return `gpu-uuid:${identity.uuid.toLowerCase()}`;
  if (identity.hint === 'gpu' && identity.serial) return `gpu-serial:${identity.serial.toLowerCase()}`;
  if (identity.host && identity.busId) return `gpu:${identity.host.toLowerCase()}/${identity.busId}`;
  if (identity.host && identity.gpuIndex !== undefined) return `gpu:${identity.host.toLowerCase()}#${identity.gpuIndex}`;
  if (identity.hint === 'device' && identity.serial) return `device-serial:${identity.serial.toLowerCase()}`;
  if (identity.host) return `host:${identity.host.toLowerCase()}`;
  const place = [identity.site, identity.room].filter((p) => p).join('/');
  return `${identity.hint}:${place ? `${place}/` : ''}${(identity.name ?? identity.serial ?? '').toLowerCase()}`;
}

/** How a person reads an unmatched target in a list. */
export function identityLabel(identity: TargetIdentity): string {
  if (identity.mig !== undefined) return migLabel(identity, identityLabel(gpuOfInstance(identity)));
  if (identity.uuid) return identity.host ? `${identity.uuid} on ${identity.host}${identity.busId ? ` (${identity.busId})` : ''}` : identity.uuid;
  if (identity.hint === 'gpu' && identity.serial) return `GPU serial ${identity.serial}${identity.host ? ` on ${identity.host}` : ''}`;
  if (identity.host && identity.busId) return `GPU ${identity.busId} on ${identity.host}`;
  if (identity.host && identity.gpuIndex !== undefined) return `GPU ${identity.gpuIndex} on ${identity.host}`;
  if (identity.host) return identity.host;
  const place = [identity.site, identity.room].filter((p) => p).join('/');
  const what = identity.name ?? (identity.serial ? `serial ${identity.serial}` : '?');
  return place ? `${place}/${what}` : what;
}

/** The GPU a MIG instance belongs to: the same identity without the instance. */
export function gpuOfInstance(identity: TargetIdentity): TargetIdentity {
  const gpu: { -readonly [K in keyof TargetIdentity]: TargetIdentity[K] } = { ...identity };
  delete gpu.mig;
  delete gpu.migProfile;
  return gpu;
}

/** "MIG 1g.10gb instance 3 of GPU-…": the instance named under its GPU. */
export function migLabel(identity: TargetIdentity, gpu: string): string {
  return `MIG ${identity.migProfile ? `${identity.migProfile} ` : ''}instance ${identity.mig ?? '?'} of ${gpu}`;
}
