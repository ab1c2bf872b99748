import { loadModel } from '@gradcam/tfjs';
import type { Command } from 'commander';
import { useBackend } from '../backend';
import { globalOptions } from '../global-options';
import { CLASSIFIER_MODEL_HELP } from '../model/accepted-inputs';
import { layerRowsFor } from '../model/adapter-for';
import { isOnnxPath, onnxLayerRows } from '../model/onnx-model';
import { OUTPUT_HELP } from '../model/output-option';
import { addInputShapeOptions, type PreprocessingOptions } from '../model/preprocessing';
import { shapeText } from '../model/shape-text';
import { formatTable } from '../table';

interface LayersOptions extends PreprocessingOptions {
  model: string;
  output?: string;
  json: boolean;
}

/** `gradcam layers`: what can be explained in a model, to pick a --layer. */
export function registerLayersCommand(program: Command): Command {
  const command = program
    .command('layers')
    .description(
      "list a TF.js model's layers (an ONNX model's tensors) with their output shapes, marking the explainable ones and the default",
    )
    .requiredOption('--model <path>', CLASSIFIER_MODEL_HELP)
    .option('--output <name>', OUTPUT_HELP)
    .option('--json', 'print the list as JSON', false);
  return addInputShapeOptions(command).action(async (options: LayersOptions, command: Command) => {
    const global = globalOptions(command);
    await useBackend(global.backend);
    const shape = { channels: options.channels, size: options.size };
    const onnx = isOnnxPath(options.model);
    const loaded = onnx ? undefined : await loadModel(options.model);
    try {
      const rows = loaded
        ? layerRowsFor(loaded, options.output, shape)
        : await onnxLayerRows(options.model, options.output, shape);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const table = formatTable(
        ['layer', 'type', 'output shape', 'explainable'],
        rows.map((r) => [
          r.name,
          r.type,
          shapeText(r.shape),
          r.isDefault ? 'yes (default)' : r.explainable ? 'yes' : '',
        ]),
      );
      const chosen = rows.find((r) => r.isDefault);
      // Adapters word their reasons as choices ('default: ...'); the footer says 'default:' once.
      const why = (chosen?.defaultReason ?? 'the last 4-D tensor (NCHW) before the pooling').replace(
        /^default: /,
        '',
      );
      const footer = chosen
        ? `default: ${chosen.name}, ${why}; explained when no --layer is given`
        : 'no default layer: name one with --layer';
      process.stdout.write(`${[...table, '', footer].join('\n')}\n`);
    } finally {
      loaded?.model.dispose();
    }
  });
}
