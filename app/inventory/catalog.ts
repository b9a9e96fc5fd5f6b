import type { DeviceCategory, Airflow, AcceleratorForm } from './types';

export interface CatalogEntry {
  readonly slug: string;
  readonly vendor: string;
  readonly model: string;
  readonly category: DeviceCategory;
  readonly uHeight: number;
  readonly fullDepth: boolean;
  readonly maxPowerW: number;
  readonly accelCount: number;
  readonly accelModel?: string;
  readonly accelForm?: AcceleratorForm;
  readonly accelTdpW?: number;
  readonly accelMemoryGb?: number;
  readonly airflow: Airflow;
}

/**
 * Real parts, with vendor figures: DGX H100 8U / 10.2 kW / 8× H100 SXM5 80 GB at 700 W; DGX B200 10U /
 * 14.3 kW / 8× B200 at 1,000 W; HGX H200 141 GB at 700 W; MTIA v2 at 90 W. The slug is the stable key the
 * demo and importers use.
 */
export const DEVICE_CATALOG: readonly CatalogEntry[] = [
  { slug: 'dgx-h100', vendor: 'NVIDIA', model: 'DGX H100', category: 'gpu_server', uHeight: 8, fullDepth: true, maxPowerW: 10200, accelCount: 8, accelModel: 'H100 SXM5 80GB', accelForm: 'SXM', accelTdpW: 700, accelMemoryGb: 80, airflow: 'front-to-back' },
  { slug: 'dgx-h200', vendor: 'NVIDIA', model: 'DGX H200', category: 'gpu_server', uHeight: 8, fullDepth: true, maxPowerW: 10200, accelCount: 8, accelModel: 'H200 SXM 141GB', accelForm: 'SXM', accelTdpW: 700, accelMemoryGb: 141, airflow: 'front-to-back' },
  { slug: 'smc-hgx-h200-lcc', vendor: 'Supermicro', model: 'SYS-421GE-TNHR2-LCC (HGX H200 8-GPU, liquid)', category: 'gpu_server', uHeight: 4, fullDepth: true, maxPowerW: 9800, accelCount: 8, accelModel: 'H200 SXM 141GB', accelForm: 'SXM', accelTdpW: 700, accelMemoryGb: 141, airflow: 'liquid' },
  { slug: 'dell-xe9680', vendor: 'Dell', model: 'PowerEdge XE9680 (HGX H100 8-GPU)', category: 'gpu_server', uHeight: 6, fullDepth: true, maxPowerW: 11200, accelCount: 8, accelModel: 'H100 SXM5 80GB', accelForm: 'SXM', accelTdpW: 700, accelMemoryGb: 80, airflow: 'front-to-back' },
  { slug: 'dgx-b200', vendor: 'NVIDIA', model: 'DGX B200', category: 'gpu_server', uHeight: 10, fullDepth: true, maxPowerW: 14300, accelCount: 8, accelModel: 'B200 SXM 180GB', accelForm: 'SXM', accelTdpW: 1000, accelMemoryGb: 180, airflow: 'front-to-back' },
  { slug: 'ocp-grand-teton-h100', vendor: 'OCP', model: 'Grand Teton (H100 8-GPU)', category: 'gpu_server', uHeight: 8, fullDepth: true, maxPowerW: 10500, accelCount: 8, accelModel: 'H100 SXM5 80GB', accelForm: 'SXM', accelTdpW: 700, accelMemoryGb: 80, airflow: 'front-to-back' },
  { slug: 'meta-mtia-v2-chassis', vendor: 'Meta', model: 'MTIA v2 inference chassis', category: 'gpu_server', uHeight: 2, fullDepth: true, maxPowerW: 1400, accelCount: 8, accelModel: 'MTIA v2', accelForm: 'custom', accelTdpW: 90, accelMemoryGb: 128, airflow: 'front-to-back' },
  // GB200 NVL72: one liquid-cooled rack is one system — 18 compute trays (1U, two GB200 superchips: 4 Blackwell
  // GPUs with 186 GB HBM3e each and 2 Grace CPUs), 9 NVLink switch trays (1U) and power shelves (1U, 33 kW),
  // about 120–132 kW per rack. The 72 GPUs form one NVLink domain (app/health/domains.ts).
  { slug: 'nvidia-gb200-nvl72-compute-tray', vendor: 'NVIDIA', model: 'GB200 NVL72 compute tray (2× GB200)', category: 'gpu_server', uHeight: 1, fullDepth: true, maxPowerW: 6200, accelCount: 4, accelModel: 'B200 (GB200) 186GB', accelForm: 'SXM', accelTdpW: 1200, accelMemoryGb: 186, airflow: 'liquid' },
  { slug: 'nvidia-gb200-nvl72-switch-tray', vendor: 'NVIDIA', model: 'GB200 NVL72 NVLink switch tray', category: 'switch', uHeight: 1, fullDepth: true, maxPowerW: 1300, accelCount: 0, airflow: 'liquid' },
  { slug: 'nvidia-gb200-nvl72-power-shelf', vendor: 'NVIDIA', model: 'GB200 NVL72 power shelf 33 kW', category: 'pdu', uHeight: 1, fullDepth: true, maxPowerW: 0, accelCount: 0, airflow: 'front-to-back' },
  { slug: 'coolit-chx80', vendor: 'CoolIT', model: 'CHx80 in-rack CDU', category: 'cdu', uHeight: 4, fullDepth: true, maxPowerW: 900, accelCount: 0, airflow: 'liquid' },
  { slug: 'apc-ap8886', vendor: 'APC', model: 'AP8886 Rack PDU 2G, Metered, 0U, 3-phase', category: 'pdu', uHeight: 0, fullDepth: false, maxPowerW: 0, accelCount: 0, airflow: 'passive' },
  { slug: 'vertiv-geist-60a-415v', vendor: 'Vertiv', model: 'Geist rPDU 60A 415V 0U', category: 'pdu', uHeight: 0, fullDepth: false, maxPowerW: 0, accelCount: 0, airflow: 'passive' },
  { slug: 'nvidia-qm9700', vendor: 'NVIDIA', model: 'QM9700 64×400G NDR InfiniBand', category: 'switch', uHeight: 1, fullDepth: true, maxPowerW: 1720, accelCount: 0, airflow: 'front-to-back' },
  { slug: 'nvidia-sn5600', vendor: 'NVIDIA', model: 'Spectrum-4 SN5600 64×800G', category: 'switch', uHeight: 2, fullDepth: true, maxPowerW: 2200, accelCount: 0, airflow: 'front-to-back' },
  { slug: 'arista-7060x5', vendor: 'Arista', model: '7060X5 64×400G', category: 'switch', uHeight: 2, fullDepth: true, maxPowerW: 1600, accelCount: 0, airflow: 'front-to-back' },
  { slug: 'ddn-ai400x2', vendor: 'DDN', model: 'AI400X2', category: 'storage', uHeight: 2, fullDepth: true, maxPowerW: 2000, accelCount: 0, airflow: 'front-to-back' },
  { slug: 'dell-r760', vendor: 'Dell', model: 'PowerEdge R760', category: 'server', uHeight: 2, fullDepth: true, maxPowerW: 1400, accelCount: 0, airflow: 'front-to-back' },
  { slug: 'patch-1u-48', vendor: 'Generic', model: '1U 48-port fibre patch panel', category: 'patch_panel', uHeight: 1, fullDepth: false, maxPowerW: 0, accelCount: 0, airflow: 'passive' },
];
