import { librarySuite } from './helpers/library-suite';

librarySuite('@xenova/transformers', () => import('@xenova/transformers'));
