export * from './briefing-tables';
export * from './briefing-map';
export { briefingPdf } from './briefing-pdf';
export { briefingXlsx, XLSX_MEDIA_TYPE } from './briefing-xlsx';
export const PDF_MEDIA_TYPE = 'application/pdf';
