import { librarySuite } from './helpers/library-suite';

librarySuite('@huggingface/transformers', () => import('@huggingface/transformers'));
