export { type ReportOptions, renderReport } from './render-report';
export type { PanelKind, PngBytes, QuestionWord, ReportInput, ReportMeta, ReportPanel } from './types';
