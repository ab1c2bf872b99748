import type { ReportBook } from '@gradcam/render';
import { STANDARD_TOLERANCE } from '@gradcam/shapeworld';
import { formatTable } from '../table';
import { evalPageHref, HELD_OUT, type PointingShares, WHY_GRADCAM_MISSES } from './held-out-figures';
import type { GradedItem, SceneJob } from './main-job';

export interface TaskFigure {
  task: string;
  graded: number;
  inside: number;
  near: number;
}

/** The pointing game per task over every graded map of the run. */
export function taskFigures(scenes: readonly SceneJob[]): TaskFigure[] {
  const figure = (task: string, items: GradedItem[]): TaskFigure => {
    const graded = items.filter((i) => i.grade);
    return {
      task,
      graded: graded.length,
      inside: graded.filter((i) => i.grade?.inside).length,
      near: graded.filter((i) => i.grade?.near).length,
    };
  };
  return [
    figure(
      'caption words',
      scenes.flatMap((s) => s.caption?.words ?? []),
    ),
    figure(
      'VQA answers',
      scenes.flatMap((s) => s.questions.map((q) => q.map)),
    ),
    figure(
      'classifier classes',
      scenes.flatMap((s) => s.classes),
    ),
  ].filter((f) => f.graded > 0);
}

const share = (n: number, d: number) => `${n}/${d} (${d ? Math.round((100 * n) / d) : 0}%)`;
const pair = (s: PointingShares) => `${Math.round(100 * s.inside)}% / ${Math.round(100 * s.near)}%`;

/** The held-out columns: what 60 held-out scenes gave the centre prior and Grad-CAM (docs/eval.md). */
const HELD_OUT_COLUMNS = ['centre prior, held out (inside / 4 px)', 'Grad-CAM, held out (inside / 4 px)'];
function heldOutCells(task: string): string[] {
  const figure = HELD_OUT[task];
  return figure ? [pair(figure.centre), pair(figure.gradcam)] : ['-', '-'];
}

/** The terminal summary: each scene's caption, answers and classes, then the figures. */
export function mainJobLines(scenes: readonly SceneJob[], out: string): string[] {
  const lines: string[] = [];
  for (const s of scenes) {
    lines.push(`scene ${s.seed}: ${s.objects.join(', ')}`);
    if (s.caption) lines.push(`  caption: "${s.caption.text}"`);
    for (const q of s.questions)
      lines.push(
        `  ${q.question} -> ${q.answer} (${(100 * q.probability).toFixed(0)}%; truth ${q.truth}${q.correct ? '' : ', WRONG'})`,
      );
    const present = s.classes.filter((c) => c.score > 0).map((c) => c.label);
    lines.push(`  classifier: ${present.join(', ') || 'nothing'}`);
  }
  const rows = taskFigures(scenes).map((f) => [
    f.task,
    share(f.inside, f.graded),
    share(f.near, f.graded),
    ...heldOutCells(f.task),
  ]);
  lines.push(
    '',
    ...formatTable(
      [
        'maps graded against masks',
        'peak inside the object',
        `within ${STANDARD_TOLERANCE} px`,
        ...HELD_OUT_COLUMNS,
      ],
      rows,
    ),
  );
  lines.push(
    '',
    `wrote ${out}/index.html (one page: every scene, word, answer and class with its map) and summary.json`,
  );
  return lines;
}

/** The one page of the run. */
export function mainJobBook(
  scenes: readonly SceneJob[],
  method: string,
  models: Record<string, string>,
): ReportBook {
  return {
    meta: {
      title: 'gradcam demo: the ShapeWorld reference models',
      subtitle:
        "Where do the captioner, the VQA model and the classifier look? Every map of a word, answer or class the scene locates is graded against the objects' masks.",
      command: 'gradcam demo',
      details: {
        method,
        layer: 'features (16x16x64)',
        scenes: scenes.map((s) => s.seed).join(', '),
        models: Object.keys(models).join(', '),
      },
      notes: [WHY_GRADCAM_MISSES],
      links: [
        { text: 'why, measured on 60 held-out scenes with every method: docs/eval.md', href: evalPageHref() },
      ],
    },
    tables: [
      {
        caption: 'pointing game: does the map peak on the object the word, answer or class names?',
        columns: [
          'task',
          'maps graded',
          'peak inside the object',
          `within ${STANDARD_TOLERANCE} px`,
          ...HELD_OUT_COLUMNS,
        ],
        rows: taskFigures(scenes).map((f) => [
          f.task,
          f.graded,
          share(f.inside, f.graded),
          share(f.near, f.graded),
          ...heldOutCells(f.task),
        ]),
      },
    ],
    sections: scenes.flatMap((s) => s.sections),
  };
}
