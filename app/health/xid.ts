/**
 * What an NVIDIA XID code means on the floor, for the codes a fleet sees most. Pure.
 *
 * Sources: NVIDIA's "Xid Errors" deployment guide and its Xid catalog for Ampere and newer GPUs
 * (docs.nvidia.com/deploy/xid-errors/, the "Resolution Bucket (Immediate Action)" column), and NVIDIA's
 * health-validation Xid checks for GB200/GB300. The action texts are ours, written for a technician at the
 * rack; the immediate-action bucket keeps NVIDIA's name so it can be looked up.
 */

export type XidSeverity = 'critical' | 'warning' | 'info';

/** NVIDIA's immediate-action buckets from the Xid catalog. */
export type XidBucket = 'RESTART_APP' | 'RESET_GPU' | 'RESTART_BM' | 'CONTACT_SUPPORT' | 'CHECK_MECHANICALS' | 'IGNORE';

export interface XidInfo {
  readonly code: number;
  readonly name: string;
  readonly meaning: string;
  readonly bucket: XidBucket;
  readonly severity: XidSeverity;
  /** What to do at the rack. */
  readonly action: string;
  /** True when repeated occurrences make the part an RMA candidate. */
  readonly hardware: boolean;
}

const x = (code: number, name: string, meaning: string, bucket: XidBucket, severity: XidSeverity, hardware: boolean, action: string): XidInfo => ({
  code,
  name,
  meaning,
  bucket,
  severity,
  action,
  hardware,
});

export const XID_TABLE: readonly XidInfo[] = [
  x(13, 'Graphics Engine Exception', 'The GPU caught an illegal operation, almost always in the application (bad kernel, out-of-range access).', 'RESTART_APP', 'info', false, 'Restart the job. If it repeats on this GPU only, run DCGM diagnostics (dcgmi diag -r 3).'),
  x(31, 'GPU memory page fault', 'An application accessed memory it does not own (MMU fault); usually a software bug.', 'RESTART_APP', 'info', false, 'Restart the job. Repeats on one GPU with different jobs: run DCGM diagnostics.'),
  x(43, 'GPU stopped processing', 'A user application hit a software fault and was stopped; the GPU itself is healthy.', 'RESTART_APP', 'info', false, 'No hardware action. Restart the job.'),
  x(45, 'Preemptive cleanup', 'The driver cleaned up channels after a previous error or a killed process.', 'IGNORE', 'info', false, 'Look for the XID before it; on its own it needs no action.'),
  x(48, 'Double-bit ECC error', 'An uncorrectable (double-bit) ECC error in GPU memory.', 'RESET_GPU', 'critical', true, 'Drain the node and reset the GPU. A second DBE on the same GPU makes it an RMA candidate.'),
  x(61, 'Internal micro-controller breakpoint/warning', 'The GPU’s internal micro-controller hit a breakpoint or warning.', 'RESET_GPU', 'warning', true, 'Drain and reset the GPU; collect nvidia-bug-report if it repeats.'),
  x(62, 'Internal micro-controller halt', 'The GPU’s internal micro-controller halted.', 'RESET_GPU', 'critical', true, 'Drain and reset the GPU; if it repeats, open an RMA case with the bug report.'),
  x(63, 'Row remapping recorded', 'A memory row was marked for remapping (or a page retired) after an ECC error.', 'RESET_GPU', 'warning', false, 'Drain and reset the GPU at the next window so the remap takes effect.'),
  x(64, 'Row remapping failure', 'The row remapper could not record a remap: the GPU ran out of spare rows or the write failed.', 'CONTACT_SUPPORT', 'critical', true, 'Drain the node; the GPU is an RMA candidate.'),
  x(74, 'NVLink error', 'An NVLink error was detected (link down, CRC or replay errors beyond the threshold).', 'RESET_GPU', 'warning', true, 'Reset the GPU; if it repeats, reseat the tray / check NVLink cables and the switch tray, then RMA.'),
  x(79, 'GPU has fallen off the bus', 'The GPU stopped answering on PCIe; the driver can no longer reach it.', 'RESTART_BM', 'critical', true, 'Drain and power-cycle the node. Check power, thermals and seating; a repeat makes it an RMA candidate.'),
  x(92, 'High single-bit ECC error rate', 'Corrected (single-bit) ECC errors are arriving at a high rate.', 'RESET_GPU', 'warning', true, 'Watch the GPU; run DCGM diagnostics at the next window.'),
  x(94, 'Contained ECC error', 'An uncorrectable ECC error was contained to the application that touched it.', 'RESET_GPU', 'warning', false, 'Restart the affected job; reset the GPU when convenient to remap the row.'),
  x(95, 'Uncontained ECC error', 'An uncorrectable ECC error that could not be contained: every application on the GPU is affected.', 'RESET_GPU', 'critical', true, 'Drain and reset the GPU. Repeats make it an RMA candidate.'),
  x(119, 'GSP RPC timeout', 'The GPU System Processor did not answer a driver call in time.', 'RESET_GPU', 'critical', false, 'Drain and reset the GPU; check the driver/firmware version against NVIDIA’s known issues.'),
  x(120, 'GSP error', 'The GPU System Processor reported an error.', 'RESET_GPU', 'critical', false, 'Drain and reset the GPU; collect nvidia-bug-report if it repeats.'),
  x(140, 'Unrecovered ECC error', 'An ECC error the GPU could not recover from (Hopper/Blackwell memory subsystem).', 'RESET_GPU', 'critical', true, 'Drain and reset the GPU; a repeat makes it an RMA candidate.'),
];

const BY_CODE = new Map(XID_TABLE.map((info) => [info.code, info]));

/** The table entry for a code, or a generic one that says the code is not in the table. */
export function xidInfo(code: number): XidInfo {
  return (
    BY_CODE.get(code) ?? {
      code,
      name: `XID ${code}`,
      meaning: 'Not in Floorwalk’s table of common XIDs; look it up in NVIDIA’s Xid catalog.',
      bucket: 'CONTACT_SUPPORT',
      severity: 'warning',
      action: 'Look the code up in NVIDIA’s Xid catalog (docs.nvidia.com/deploy/xid-errors/) before acting.',
      hardware: false,
    }
  );
}
