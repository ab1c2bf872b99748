import { modelRandomisation } from '@gradcam/metrics';
import type { Collector } from './collector';
import type { Timed, TrainedMaps } from './evaluate-subject';
import type { EvalItem, EvalScene, EvalSubject, MapVariant } from './types';

export interface RandomisationJob<S extends EvalScene> {
  subject: EvalSubject<EvalItem, S>;
  scenes: readonly S[];
  usable: readonly MapVariant[];
  /** The trained model's maps of the scenes in the randomisation subset. */
  trained: readonly TrainedMaps[];
  collector: Collector;
  timed: Timed;
  tick: (what: string) => void;
}

/**
 * Adebayo et al.'s cascading model randomisation with @gradcam/metrics' modelRandomisation (Spearman
 * and SSIM of each randomised map with the trained one), per method row over the subset's scenes:
 * step k puts random weights in the top k + 1 groups of the subject (randomise is seeded, so every
 * row sees the same random model), and the trained weights come back at the end.
 */
export async function randomisationTest<S extends EvalScene>(job: RandomisationJob<S>): Promise<void> {
  const { subject, collector, timed } = job;
  const randomisation = subject.randomisation!;
  const last = randomisation.steps.length - 1;
  try {
    for (const variant of job.usable) {
      const withRow = job.trained.filter((t) => t.maps.has(variant.name));
      if (withRow.length === 0) continue;
      const result = await modelRandomisation(
        () => withRow.flatMap((t) => t.maps.get(variant.name)!),
        randomisation.steps.map((label, step) => ({
          label,
          explain: async () => {
            randomisation.randomise(step);
            const maps = [];
            for (const t of withRow)
              maps.push(
                ...(await timed('randomisation', () =>
                  subject.explain(job.scenes[t.scene], t.items, variant),
                )),
              );
            job.tick(`${subject.model} ${variant.name} randomised ${label}`);
            return maps;
          },
        })),
      );
      result.steps.forEach((step, k) => {
        step.spearman.forEach((rho, i) => {
          collector.addRandomisation(subject.model, variant.name, step.label, rho);
          const ssim = step.ssim[i];
          if (k === 0) collector.add(subject.model, variant.name, { randomisedHead: rho, ssimHead: ssim });
          if (k === last) collector.add(subject.model, variant.name, { randomisedAll: rho, ssimAll: ssim });
        });
      });
    }
  } finally {
    randomisation.restore();
  }
}
