import '@gradcam/core';
import { PRESETS } from '@gradcam/render';
import { describe, expect, it } from 'vitest';
import { loadUserClassifier } from '../src/models/user-classifier';

const json = (name: string, value: unknown) =>
  new File([JSON.stringify(value)], name, { type: 'application/json' });

describe('dropped model files that cannot be a classifier are refused with what to do', () => {
  it('no model.json, or two', async () => {
    await expect(loadUserClassifier([new File(['x'], 'weights.bin')], PRESETS.unit)).rejects.toThrow(
      'drop exactly one model.json with its weight shards (.bin) and optionally a labels .txt; got 0 .json files among weights.bin',
    );
    await expect(loadUserClassifier([json('a.json', {}), json('b.json', {})], PRESETS.unit)).rejects.toThrow(
      /got 2 \.json files among a\.json, b\.json/,
    );
  });

  it('not JSON, not a TF.js model, a GraphModel', async () => {
    await expect(loadUserClassifier([new File(['{'], 'model.json')], PRESETS.unit)).rejects.toThrow(
      /^model\.json is not valid JSON .*drop a TF\.js model\.json$/,
    );
    await expect(loadUserClassifier([json('model.json', { hello: 1 })], PRESETS.unit)).rejects.toThrow(
      'model.json has no modelTopology or weightsManifest: it is not a TF.js model.json',
    );
    await expect(
      loadUserClassifier(
        [json('model.json', { format: 'graph-model', modelTopology: { node: [] } })],
        PRESETS.unit,
      ),
    ).rejects.toThrow(/is a TF\.js GraphModel; the viewer explains LayersModels/);
  });

  it('a shard the manifest names is missing', async () => {
    const manifest = {
      modelTopology: {},
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'] }],
    };
    await expect(
      loadUserClassifier(
        [json('model.json', manifest), new File(['x'], 'group1-shard1of2.bin')],
        PRESETS.unit,
      ),
    ).rejects.toThrow(
      'model.json needs the weight files group1-shard1of2.bin, group1-shard2of2.bin; missing: group1-shard2of2.bin. Select or drop them together with it',
    );
  });
});
