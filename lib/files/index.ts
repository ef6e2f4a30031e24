/** File helpers around the API: bill download (media upload is `MediaUtil`, in formats/). */
export { downloadBill, downloadBillSync, BILL_HASH_MISMATCH } from './download-bill';
export type { BillClient, BillReference, DownloadBillOptions, DownloadBillResult } from './download-bill';
