import type { Reporter, TestModule } from 'vitest/node';

// CI reads a plain "N passed, N failed" line; vitest's own summary is not in that form.
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    // A file or suite that throws outside its tests (a missing resource under CI, a failing
    // beforeAll) runs no test: counted here, else the line would read "0 failed" for it.
    const broken: string[] = [];
    for (const mod of testModules) {
      if (mod.errors().length > 0) broken.push(mod.moduleId);
      for (const suite of mod.children.allSuites()) {
        if (suite.errors().length > 0) broken.push(`${mod.moduleId} > ${suite.fullName}`);
      }
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    const outside = broken.length
      ? ` (${broken.length} of them outside any test:${broken.map((b) => `\n  ${b}`).join('')})`
      : '';
    process.stdout.write(
      `\ntests: ${passed} passed, ${failed + broken.length} failed, ${skipped} skipped${outside}\n`,
    );
  }
}
