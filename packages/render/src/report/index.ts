export { renderReportBook } from './render-book';
export { type ReportOptions, renderReport } from './render-report';
export type {
  PanelKind,
  PngBytes,
  QuestionWord,
  ReportBook,
  ReportInput,
  ReportMeta,
  ReportPanel,
  ReportSection,
  ReportTable,
} from './types';
