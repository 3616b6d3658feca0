import type * as tf from '../tf.js';
import type { BlockInfo, ModelFamily } from '../../common/models.js';
import { mobilenetV1Block } from './mobilenetV1.js';
import { mobilenetV2Block } from './mobilenetV2.js';
import { resnet50Stage } from './resnet50.js';
import { vgg16Block } from './vgg16.js';

const BLOCK_OF: Record<ModelFamily, (layerName: string) => number | undefined> = {
  mobilenet_v1: mobilenetV1Block,
  mobilenet_v2: mobilenetV2Block,
  vgg16: vgg16Block,
  resnet50: resnet50Stage,
  custom: () => undefined,
};

const BLOCK_WORD: Record<ModelFamily, string> = {
  mobilenet_v1: 'Block',
  mobilenet_v2: 'Block',
  vgg16: 'Block',
  resnet50: 'Stage',
  custom: 'Block',
};

/**
 * Groups a model's layers into the blocks students freeze and unfreeze: the stem, the numbered
 * blocks as keras.applications names them, and the top (everything after the last block).
 */
export function modelBlocks(model: tf.LayersModel, family: ModelFamily): BlockInfo[] {
  const blocks: BlockInfo[] = [];
  let seenNumbered = false;
  for (const layer of model.layers) {
    const number = BLOCK_OF[family](layer.name);
    if (number !== undefined) seenNumbered = true;
    const id = number !== undefined ? `block_${number}` : seenNumbered ? 'top' : 'stem';
    let block = blocks.find((b) => b.id === id);
    if (!block) {
      block = {
        id,
        label:
          number !== undefined ? `${BLOCK_WORD[family]} ${number}` : id === 'top' ? 'Top' : 'Stem',
        ...(number !== undefined ? { number } : {}),
        layers: [],
        params: 0,
      };
      blocks.push(block);
    }
    block.layers.push(layer.name);
    block.params += layer.countParams();
  }
  return blocks;
}
