/** The hardware of an emulated server, as inspection would find it. */
export interface HardwareProfile {
  /** Processor sockets. Default 2. */
  cpus: number;
  /** Cores per socket. Default 8. */
  coresPerCpu: number;
  /** Threads per core. Default 2. */
  threadsPerCore: number;
  /** Instruction set (`x86-64`, `ARM-A64`). Default `x86-64`. */
  instructionSet: 'x86-64' | 'ARM-A64' | 'x86' | 'PowerISA';
  /** Number of DIMMs. Default 4. */
  dimms: number;
  /** Size of each DIMM in MiB. Default 8192. */
  dimmMiB: number;
  /** Local drives (behind one storage controller). Default two 480 GB SSDs and two 1.92 TB HDDs. */
  drives: DriveSpec[];
  /** Number of NICs (each gets a deterministic MAC). Default 2. */
  nics: number;
}

/** One local drive. */
export interface DriveSpec {
  /** Capacity in bytes. */
  capacityBytes: number;
  /** `SSD` or `HDD`. */
  mediaType: 'SSD' | 'HDD';
  /** Attachment protocol. */
  protocol: 'SAS' | 'SATA' | 'NVMe';
}

/** The default profile: a modest 2-socket rack server. */
export const DEFAULT_HARDWARE: HardwareProfile = {
  cpus: 2,
  coresPerCpu: 8,
  threadsPerCore: 2,
  instructionSet: 'x86-64',
  dimms: 4,
  dimmMiB: 8192,
  drives: [
    { capacityBytes: 480_103_981_056, mediaType: 'SSD', protocol: 'SATA' },
    { capacityBytes: 480_103_981_056, mediaType: 'SSD', protocol: 'SATA' },
    { capacityBytes: 1_920_383_410_176, mediaType: 'HDD', protocol: 'SAS' },
    { capacityBytes: 1_920_383_410_176, mediaType: 'HDD', protocol: 'SAS' },
  ],
  nics: 2,
};

const hex = (n: number): string => n.toString(16).padStart(2, '0');

/**
 * The deterministic MAC address of NIC `nic` of the machine at fleet position `index`:
 * `52:54:00:II:II:NN` (QEMU's locally administered prefix, 16 bits of index, 8 bits of NIC).
 */
export function macAddress(index: number, nic: number): string {
  if (index < 0 || index > 0xffff || nic < 0 || nic > 0xff) throw new RangeError('index or nic out of range');
  return `52:54:00:${hex(index >> 8)}:${hex(index & 0xff)}:${hex(nic)}`;
}

/** A deterministic RFC 4122-shaped UUID for `(kind, index)`, stable across runs. */
export function deterministicUuid(kind: number, index: number): string {
  const k = kind.toString(16).padStart(4, '0');
  const i = index.toString(16).padStart(12, '0');
  return `f3221c00-${k}-4000-8000-${i}`;
}
