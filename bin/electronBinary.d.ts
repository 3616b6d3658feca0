export type ElectronBinary = { path: string } | { missing: string; binaryMissing: boolean };
export function findElectronBinary(): ElectronBinary;
