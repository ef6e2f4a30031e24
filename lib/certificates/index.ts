/** Platform certificates downloaded, verified, refreshed and shared: `certs` that look after themselves. */
export { CertificateManager, type CertificateManagerOptions, type DownloadClientOptions } from './certificate-manager';
export { CERTIFICATES_UNREADABLE, decryptCertificates } from './decrypt-certificates';
export type { CertificateSnapshot, DownloadedCertificate } from './snapshot';
