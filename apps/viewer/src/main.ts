import { methodNames } from '@gradcam/core';

document.body.textContent = `gradcam-ts viewer: ${methodNames().join(', ')}`;
