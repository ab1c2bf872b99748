import * as tfl from '@tensorflow/tfjs-layers';

type ST = tfl.SymbolicTensor;

/**
 * keras.applications' ResNet50, MobileNetV2 and InceptionV3 at their real layer widths and a
 * 224x224 input, with seeded random weights (no download): what the benchmark explains.
 */
class Net {
  private seed = 1;
  private readonly init = () => tfl.initializers.heNormal({ seed: this.seed++ });

  conv(
    x: ST,
    filters: number,
    kernel: number | [number, number],
    strides = 1,
    padding: 'same' | 'valid' = 'same',
    bias = true,
  ): ST {
    return tfl.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides,
        padding,
        useBias: bias,
        kernelInitializer: this.init(),
      })
      .apply(x) as ST;
  }

  depthwise(x: ST, strides: number, padding: 'same' | 'valid'): ST {
    return tfl.layers
      .depthwiseConv2d({ kernelSize: 3, strides, padding, useBias: false, depthwiseInitializer: this.init() })
      .apply(x) as ST;
  }

  bn(x: ST, scale = true): ST {
    return tfl.layers.batchNormalization({ scale, epsilon: 1e-3 }).apply(x) as ST;
  }

  relu(x: ST, max?: number): ST {
    return tfl.layers.reLU({ maxValue: max }).apply(x) as ST;
  }

  add(xs: ST[]): ST {
    return tfl.layers.add().apply(xs) as ST;
  }

  concat(xs: ST[]): ST {
    return tfl.layers.concatenate().apply(xs) as ST;
  }

  pool(kind: 'max' | 'avg', x: ST, size: number, strides: number, padding: 'same' | 'valid' = 'valid'): ST {
    const make = kind === 'max' ? tfl.layers.maxPooling2d : tfl.layers.averagePooling2d;
    return make({ poolSize: size, strides, padding }).apply(x) as ST;
  }

  pad(x: ST, p: number | [[number, number], [number, number]]): ST {
    return tfl.layers.zeroPadding2d({ padding: p as number }).apply(x) as ST;
  }

  classify(x: ST): ST {
    const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as ST;
    return tfl.layers
      .dense({ units: 1000, activation: 'softmax', kernelInitializer: this.init() })
      .apply(pooled) as ST;
  }
}

const model = (name: string, build: (n: Net, x: ST) => ST) => {
  const x = tfl.input({ shape: [224, 224, 3] });
  return tfl.model({ inputs: x, outputs: build(new Net(), x), name });
};

export const resnet50 = () =>
  model('resnet50', (n, x) => {
    let h = n.relu(n.bn(n.conv(n.pad(x, 3), 64, 7, 2, 'valid')));
    h = n.pool('max', n.pad(h, 1), 3, 2);
    for (const [filters, blocks, stride] of [
      [64, 3, 1],
      [128, 4, 2],
      [256, 6, 2],
      [512, 3, 2],
    ]) {
      for (let b = 0; b < blocks; b++) {
        const s = b === 0 ? stride : 1;
        const shortcut = b === 0 ? n.bn(n.conv(h, filters * 4, 1, s)) : h;
        let y = n.relu(n.bn(n.conv(h, filters, 1, s)));
        y = n.relu(n.bn(n.conv(y, filters, 3)));
        y = n.bn(n.conv(y, filters * 4, 1));
        h = n.relu(n.add([shortcut, y]));
      }
    }
    return n.classify(h);
  });

export const mobileNetV2 = () =>
  model('mobilenet_v2', (n, x) => {
    let h = n.relu(
      n.bn(
        n.conv(
          n.pad(x, [
            [0, 1],
            [0, 1],
          ]),
          32,
          3,
          2,
          'valid',
          false,
        ),
      ),
      6,
    );
    let channels = 32;
    for (const [t, c, count, s] of [
      [1, 16, 1, 1],
      [6, 24, 2, 2],
      [6, 32, 3, 2],
      [6, 64, 4, 2],
      [6, 96, 3, 1],
      [6, 160, 3, 2],
      [6, 320, 1, 1],
    ]) {
      for (let i = 0; i < count; i++) {
        const stride = i === 0 ? s : 1;
        let y = t === 1 ? h : n.relu(n.bn(n.conv(h, channels * t, 1, 1, 'same', false)), 6);
        y =
          stride === 2
            ? n.depthwise(
                n.pad(y, [
                  [0, 1],
                  [0, 1],
                ]),
                2,
                'valid',
              )
            : n.depthwise(y, 1, 'same');
        y = n.bn(n.conv(n.relu(n.bn(y), 6), c, 1, 1, 'same', false));
        h = stride === 1 && channels === c ? n.add([h, y]) : y;
        channels = c;
      }
    }
    return n.classify(n.relu(n.bn(n.conv(h, 1280, 1, 1, 'same', false)), 6));
  });

export const inceptionV3 = () =>
  model('inception_v3', (n, x) => {
    const cb = (t: ST, f: number, k: number | [number, number], s = 1, p: 'same' | 'valid' = 'same') =>
      n.relu(n.bn(n.conv(t, f, k, s, p, false), false));
    let h = cb(cb(cb(x, 32, 3, 2, 'valid'), 32, 3, 1, 'valid'), 64, 3);
    h = n.pool('max', h, 3, 2);
    h = n.pool('max', cb(cb(h, 80, 1, 1, 'valid'), 192, 3, 1, 'valid'), 3, 2);
    for (const poolFilters of [32, 64, 64]) {
      h = n.concat([
        cb(h, 64, 1),
        cb(cb(h, 48, 1), 64, 5),
        cb(cb(cb(h, 64, 1), 96, 3), 96, 3),
        cb(n.pool('avg', h, 3, 1, 'same'), poolFilters, 1),
      ]);
    }
    h = n.concat([
      cb(h, 384, 3, 2, 'valid'),
      cb(cb(cb(h, 64, 1), 96, 3), 96, 3, 2, 'valid'),
      n.pool('max', h, 3, 2),
    ]);
    for (const c7 of [128, 160, 160, 192]) {
      h = n.concat([
        cb(h, 192, 1),
        cb(cb(cb(h, c7, 1), c7, [1, 7]), 192, [7, 1]),
        cb(cb(cb(cb(cb(h, c7, 1), c7, [7, 1]), c7, [1, 7]), c7, [7, 1]), 192, [1, 7]),
        cb(n.pool('avg', h, 3, 1, 'same'), 192, 1),
      ]);
    }
    h = n.concat([
      cb(cb(h, 192, 1), 320, 3, 2, 'valid'),
      cb(cb(cb(cb(h, 192, 1), 192, [1, 7]), 192, [7, 1]), 192, 3, 2, 'valid'),
      n.pool('max', h, 3, 2),
    ]);
    for (let i = 0; i < 2; i++) {
      const b3 = cb(h, 384, 1);
      const bd = cb(cb(h, 448, 1), 384, 3);
      h = n.concat([
        cb(h, 320, 1),
        n.concat([cb(b3, 384, [1, 3]), cb(b3, 384, [3, 1])]),
        n.concat([cb(bd, 384, [1, 3]), cb(bd, 384, [3, 1])]),
        cb(n.pool('avg', h, 3, 1, 'same'), 192, 1),
      ]);
    }
    return n.classify(h);
  });
