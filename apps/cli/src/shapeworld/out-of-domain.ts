/**
 * Said every time a user's image meets a bundled ShapeWorld model: those models have seen only
 * generated scenes, so on a photo their answer is confident and meaningless.
 */
export function outOfDomainNote(model: 'classifier' | 'captioner' | 'VQA model'): string {
  return (
    `the bundled ShapeWorld ${model} knows only synthetic 64x64 scenes of coloured shapes ` +
    '(circle, square, triangle, cross): on any other image its answer and maps mean nothing; ' +
    'pass --model <your model> to explain a model trained for your images'
  );
}

/** The note as the CLI prints it, on stderr so that stdout stays the results. */
export function printOutOfDomainNote(note: string): void {
  process.stderr.write(`gradcam: note: ${note}\n`);
}
