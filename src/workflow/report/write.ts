// `edgelab report --season S --week W`: gather, render, write the HTML page and its Markdown twin
// under production/reports/<season>/ (atomically; a rerun replaces them — a report is a view of
// the tree, not a record).
import type { Layout, SeasonType } from '../../artifacts/layout.ts';
import { writeFileAtomic } from '../../artifacts/atomic.ts';
import { gatherReport, type WeeklyReport } from './gather.ts';
import { renderHtml, renderMarkdown } from './render.ts';

export interface ReportResult {
  html: string;
  markdown: string;
  report: WeeklyReport;
}

export async function writeWeeklyReport(layout: Layout, season: number, week: number, seasonType: SeasonType = 'regular', includeBackfilled?: boolean): Promise<ReportResult> {
  const report = await gatherReport(layout, season, week, seasonType, new Date(), includeBackfilled);
  const html = layout.reportFile(season, week, seasonType, 'html');
  const markdown = layout.reportFile(season, week, seasonType, 'md');
  writeFileAtomic(markdown, renderMarkdown(report));
  writeFileAtomic(html, renderHtml(report));
  return { html, markdown, report };
}
