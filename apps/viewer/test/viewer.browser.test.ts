import { describe } from 'vitest';
import { classifierCases } from './cases/classifier';
import { languageCases } from './cases/language';
import { reportCases } from './cases/report';
import { SKIPPED } from './helpers/browser';
import { useViewer } from './helpers/viewer-session';

// One build, one server and one browser for every end-to-end case.
const session = useViewer();

describe(`the viewer in headless Chromium${SKIPPED}`, () => classifierCases(session));
describe(`captions and questions in the viewer${SKIPPED}`, () => languageCases(session));
describe(`the HTML report of a scene's caption, from disk${SKIPPED}`, () => reportCases(session));
