import { Workbook, Worksheet } from 'exceljs';
import { BriefingInput, briefingTables } from './briefing-tables';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Column<R> {
  header: string;
  key: string;
  width: number;
  value: (row: R) => string | number | Date | undefined;
  numFmt?: string;
}

function sheet<R>(book: Workbook, name: string, columns: Column<R>[], rows: readonly R[]): Worksheet {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(Object.fromEntries(columns.map((c) => [c.key, c.value(r) ?? null])));
  return ws;
}

const DATE = 'yyyy-mm-dd';

/**
 * The briefing as a workbook: one sheet per table, typed cells (dates are dates, costs and counts
 * are numbers, coverage a fraction shown as a percentage), a header row per sheet.
 */
export async function briefingXlsx(input: BriefingInput): Promise<Buffer> {
  const t = briefingTables(input);
  const money = `#,##0 "${t.currency}"`;
  const book = new Workbook();
  book.creator = 'imc-allocator';
  book.created = new Date(input.proposal.asOf);

  const summary = book.addWorksheet('Proposal');
  summary.columns = [
    { header: 'Field', key: 'label', width: 22 },
    { header: 'Value', key: 'value', width: 60 },
  ];
  summary.getRow(1).font = { bold: true };
  for (const s of t.summary) {
    const row = summary.addRow({ label: s.label, value: s.value });
    if (s.value instanceof Date) row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
    else if (s.label.startsWith('Total cost')) row.getCell(2).numFmt = money;
  }

  sheet(book, 'Loans', [
    { header: 'Loan', key: 'loanId', width: 28, value: (r) => r.loanId },
    { header: 'From', key: 'fromMission', width: 10, value: (r) => r.fromMission },
    { header: 'To', key: 'toMission', width: 10, value: (r) => r.toMission },
    { header: 'Capability', key: 'capability', width: 22, value: (r) => r.capability },
    { header: 'Quantity', key: 'quantity', width: 9, value: (r) => r.quantity },
    { header: 'Units', key: 'units', width: 36, value: (r) => r.units },
    { header: 'Contributor', key: 'contributor', width: 11, value: (r) => r.contributor },
    { header: 'Distance (km)', key: 'distanceKm', width: 12, value: (r) => r.distanceKm, numFmt: '#,##0' },
    { header: 'Arrive by', key: 'arriveBy', width: 12, value: (r) => r.arriveBy, numFmt: DATE },
    { header: 'Return by', key: 'returnBy', width: 12, value: (r) => r.returnBy, numFmt: DATE },
    { header: 'Coverage', key: 'coverage', width: 10, value: (r) => r.coverage, numFmt: '0%' },
    { header: `Transfer (${t.currency})`, key: 'transferCost', width: 14, value: (r) => r.transferCost, numFmt: money },
    { header: `Sustainment per day (${t.currency})`, key: 'sustainmentPerDay', width: 14, value: (r) => r.sustainmentPerDay, numFmt: money },
    { header: `Total cost (${t.currency})`, key: 'totalCost', width: 14, value: (r) => r.totalCost, numFmt: money },
    { header: 'Consents', key: 'consents', width: 50, value: (r) => r.consents },
    { header: 'Critical path', key: 'criticalPath', width: 16, value: (r) => r.criticalPath },
    { header: 'Review', key: 'review', width: 10, value: (r) => r.review },
  ], t.loans);

  sheet(book, 'Consents to secure', [
    { header: 'Consent', key: 'item', width: 22, value: (r) => r.item },
    { header: 'From', key: 'fromMission', width: 10, value: (r) => r.fromMission },
    { header: 'To', key: 'toMission', width: 10, value: (r) => r.toMission },
    { header: 'Status', key: 'status', width: 10, value: (r) => r.status },
    { header: 'For', key: 'forWhat', width: 40, value: (r) => r.forWhat },
    { header: 'Expected by', key: 'expectedBy', width: 12, value: (r) => r.expectedBy, numFmt: DATE },
    { header: 'Last useful', key: 'lastUseful', width: 12, value: (r) => r.lastUseful, numFmt: DATE },
  ], t.consents);

  sheet(book, 'Shortfalls', [
    { header: 'Demand', key: 'demandId', width: 24, value: (r) => r.demandId },
    { header: 'Mission', key: 'missionId', width: 10, value: (r) => r.missionId },
    { header: 'Capability', key: 'capability', width: 22, value: (r) => r.capability },
    { header: 'Shortfall', key: 'shortfall', width: 9, value: (r) => r.shortfall },
    { header: 'Reasons', key: 'reasons', width: 80, value: (r) => r.reasons },
    { header: 'Best lever', key: 'bestLever', width: 60, value: (r) => r.bestLever },
  ], t.shortfalls);

  sheet(book, 'Levers', [
    { header: 'Demand', key: 'demandId', width: 24, value: (r) => r.demandId },
    { header: 'Lever', key: 'lever', width: 16, value: (r) => r.lever },
    { header: 'Target', key: 'target', width: 40, value: (r) => r.target },
    { header: 'Change', key: 'change', width: 32, value: (r) => r.change },
    { header: 'Latest useful', key: 'latestUseful', width: 12, value: (r) => r.latestUseful, numFmt: DATE },
    { header: 'Units gained', key: 'gainUnits', width: 10, value: (r) => r.gainUnits },
    { header: 'Coverage days gained', key: 'gainCoverageDays', width: 12, value: (r) => r.gainCoverageDays },
    { header: `Cost change (${t.currency})`, key: 'cost', width: 14, value: (r) => r.cost, numFmt: money },
  ], t.levers);

  return Buffer.from(await book.xlsx.writeBuffer());
}
