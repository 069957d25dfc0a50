import { describe, expect, it } from 'vitest';

import { HorizonError } from '../../src/env/errors.ts';
import type { GameConfig } from '../../src/env/roms-config.ts';
import { compileProgram } from '../../src/objects/expr.ts';
import { ObjectExtractor } from '../../src/objects/extractor.ts';
import { objectsToText } from '../../src/objects/text.ts';
import type { ObjectMapConfig } from '../../src/env/object-map-config.ts';
import { syntheticGame } from '../helpers/synthetic.ts';

function game(objects: ObjectMapConfig): GameConfig {
  return syntheticGame({ objects });
}

const cat = { colors: [14], region: [0, 0, 160, 210] as [number, number, number, number], tolerance: 0 };

describe('object expressions (the native rule engine, as the game rules)', () => {
  it('follow the rule language: integer division, BCD, signed bytes, booleans as 0/1', () => {
    const ram = new Uint8Array(128);
    ram[0x10] = 0x95;
    ram[0x11] = 0xfe;
    const e = (src: string) => {
      const program = compileProgram([{ steps: [{ src }] }]);
      program.run(ram);
      return program.out[0];
    };
    expect(e('7 / 2')).toBe(3);
    expect(e('-7 / 2')).toBe(-3);
    expect(e('7 % 3')).toBe(1);
    expect(e('bcd(ram[0x90])')).toBe(95); // ram[a & 127]
    expect(e('dec(ram[0x10], 1)')).toBe(195);
    expect(e('sbyte(ram[0x11])')).toBe(-2);
    expect(e('(3 > 2) + (2 == 2) + !0')).toBe(3);
    expect(e('ram[0x10] & 0x0F ? 10 : 20')).toBe(10);
    expect(e('max(1, min(5, 3)) << 2')).toBe(12);
    expect(e('pick(2, 10, 20, 30, 40)')).toBe(30);
    expect(e('pick(9, 1, 2) + pick(-1, 1, 2)')).toBe(0); // out of range is 0, as in the native rules
  });

  it('report syntax errors with the column', () => {
    const compile = (src: string) => compileProgram([{ steps: [{ src }] }]);
    expect(() => compile('ram[1 + ')).toThrow(/column/);
    expect(() => compile('foo + 1')).toThrow(/unknown name 'foo'/);
    expect(() => compile('min(1)')).toThrow(/takes 2/);
    const error = (() => {
      try {
        compile('1 +* 2');
      } catch (err) {
        return err as HorizonError;
      }
    })();
    expect(error).toBeInstanceOf(HorizonError);
    expect(error?.code).toBe('ERR_BAD_CONFIG');
  });

  it('run the steps in order, once per copy: lets feed later steps, inputs are per copy, blocks one after another', () => {
    const ram = new Uint8Array(128).map((_, i) => i);
    const program = compileProgram([
      {
        steps: [{ name: 'base', src: 'ram[10 + i]' }, { src: 'base * 2' }, { src: 'base + j' }],
        inputs: ['i', 'j'],
        rows: [
          [0, 100],
          [1, 200],
          [5, 300],
        ],
      },
      { steps: [{ name: 'base', src: 'ram[3]' }, { src: 'base - 1' }] },
    ]);
    expect(program.at).toEqual([0, 9]);
    program.run(ram);
    expect([...program.out]).toEqual([10, 20, 110, 11, 22, 211, 15, 30, 315, 3, 2]);
    expect(() => compileProgram([{ steps: [{ name: 'i', src: '1' }], inputs: ['i'], rows: [[0]] }])).toThrow(/"i" is defined twice/);
    expect(() => compileProgram([{ steps: [{ name: 'a', src: 'a + 1' }] }])).toThrow(/unknown name 'a'/);
    expect(() => compileProgram([{ steps: [{ src: 'i' }], inputs: ['i'], rows: [[0, 1]] }])).toThrow(/rows must be rows of 1 values/);
    expect(() => program.run(new Uint8Array(64))).toThrow(/ram must be 128 bytes/);
    // A gate's 0 ends its copy: the later steps read 0 without being evaluated.
    const gated = compileProgram([{ steps: [{ src: 'i' }, { src: '7' }], inputs: ['i'], rows: [[0], [1]], gate: 0 }]);
    gated.run(ram);
    expect([...gated.out]).toEqual([0, 0, 1, 7]);
  });
});

describe('ObjectExtractor', () => {
  const config: ObjectMapConfig = {
    categories: { Ball: { ...cat, clip: [8, 20, 160, 200] }, Block: cat },
    items: [
      { id: 'ball', category: 'Ball', x: 'ram[0]', y: 'ram[1]', w: 2, h: 4, visible: 'ram[2] != 0' },
      {
        id: 'block',
        category: 'Block',
        repeat: { row: 2, col: 3 },
        x: '10 * col',
        y: '50 + 10 * row',
        w: 8,
        h: 4,
        visible: '(ram[3 + row] >> col) & 1',
        value: 'row * 3 + col',
      },
    ],
    hud: { score: 'bcd(ram[10])' },
  };
  const ex = new ObjectExtractor(game(config));

  it('reads positions, visibility, repeats, values and HUD values from RAM', () => {
    const ram = new Uint8Array(128);
    ram.set([40, 60, 1, 0b101, 0b010], 0);
    ram[10] = 0x42;
    const f = ex.extract(ram);
    expect(f.hud).toEqual({ score: 42 });
    expect(f.objects.map((o) => [o.id, o.x, o.y, o.value])).toEqual([
      ['ball', 40, 60, undefined],
      ['block0_0', 0, 50, 0],
      ['block0_2', 20, 50, 2],
      ['block1_1', 10, 60, 4],
    ]);
  });

  it('keeps ids across steps and reports movement', () => {
    ex.reset();
    const ram = new Uint8Array(128);
    ram.set([40, 60, 1], 0);
    ex.extract(ram);
    ram.set([43, 58], 0);
    const ball = ex.extract(ram).objects.find((o) => o.id === 'ball')!;
    expect([ball.dx, ball.dy]).toEqual([3, -2]);
    ex.reset();
    expect(ex.extract(ram).objects.find((o) => o.id === 'ball')!.dx).toBe(0);
  });

  it('clips to where the object can be drawn and drops what is outside', () => {
    const ram = new Uint8Array(128);
    ram.set([7, 198, 1], 0); // one column left of the clip, two rows below it
    const ball = ex.extract(ram).objects.find((o) => o.id === 'ball')!;
    expect([ball.x, ball.y, ball.w, ball.h]).toEqual([8, 198, 1, 2]);
    ram.set([2, 100, 1], 0); // entirely left of the clip
    expect(ex.extract(ram).objects.find((o) => o.id === 'ball')).toBeUndefined();
    ram.set([100, 10, 1], 0); // above it
    expect(ex.extract(ram).objects.find((o) => o.id === 'ball')).toBeUndefined();
  });

  it('computes let expressions in order, per index, for the other fields to use', () => {
    const banded = new ObjectExtractor(
      game({
        categories: { Car: cat },
        items: [
          {
            id: 'car',
            category: 'Car',
            repeat: { i: 3 },
            let: { band: 'ram[20 + i] > 100 ? i + 1 : i', row: 'pick(band, 50, 70, 90, 110)' },
            visible: 'ram[10 + i] != 0',
            x: 'ram[30 + band]',
            y: 'row',
            w: 'pick(band, 8, 6, 4, 2)',
            h: 2,
          },
        ],
      }),
    );
    const ram = new Uint8Array(128);
    ram.set([1, 0, 1], 10); // cars in bands 0 and 2
    ram.set([0, 0, 200], 20); // band 2's car still reads band 3's bytes
    ram.set([5, 6, 7, 8], 30);
    expect(banded.extract(ram).objects.map((o) => [o.id, o.x, o.y, o.w])).toEqual([
      ['car0', 5, 50, 8],
      ['car2', 8, 110, 2],
    ]);
    expect(
      () =>
        new ObjectExtractor(game({ categories: { Car: cat }, items: [{ id: 'c', category: 'Car', let: { a: 'b + 1', b: '1' }, x: 'a', y: '0', w: 1, h: 1 }] })),
    ).toThrow(/unknown name 'b'/);
  });

  it('keeps one id (and its motion) for a sharedId object as it moves between slots', () => {
    const snake = new ObjectExtractor(
      game({
        categories: { Car: cat },
        items: [{ id: 'snake', category: 'Car', repeat: { band: 3 }, sharedId: true, visible: 'ram[band] != 0', x: 'ram[band]', y: '20 * band', w: 4, h: 4 }],
      }),
    );
    const ram = new Uint8Array(128);
    ram[0] = 50;
    expect(snake.extract(ram).objects.map((o) => [o.id, o.x, o.y, o.dx, o.dy])).toEqual([['snake', 50, 0, 0, 0]]);
    ram[0] = 0;
    ram[1] = 54; // drawn in the next band now: same object
    expect(snake.extract(ram).objects.map((o) => [o.id, o.x, o.y, o.dx, o.dy])).toEqual([['snake', 54, 20, 4, 20]]);
    ram[2] = 60; // a second copy in one frame keeps its slot's suffix
    expect(snake.extract(ram).objects.map((o) => o.id)).toEqual(['snake', 'snake2']);
  });
  it('rejects a map with an unknown category', () => {
    expect(() => new ObjectExtractor(game({ categories: {}, items: [{ id: 'x', category: 'Nope', x: '0', y: '0', w: 1, h: 1 }] }))).toThrow(HorizonError);
    expect(() => new ObjectExtractor(game({ categories: { Car: { ...cat, flickersWith: ['Nope'] } }, items: [] }))).toThrow(
      /Car flickers with unknown category Nope/,
    );
  });
});

describe('objectsToText', () => {
  it('is one short line: lone objects by category, others by id, big groups summarised', () => {
    const blocks = Array.from({ length: 14 }, (_, i) => ({ id: `brick${i}`, category: 'Brick', x: 8 * i, y: i < 7 ? 57 : 63, w: 8, h: 6, dx: 0, dy: 0 }));
    const text = objectsToText({
      objects: [
        { id: 'ball', category: 'Ball', x: 80, y: 100, w: 2, h: 4, dx: 2, dy: -4 },
        { id: 'enemy0', category: 'Enemy', x: 10, y: 20, w: 8, h: 8, dx: 0, dy: 0 },
        { id: 'enemy1', category: 'Enemy', x: 30, y: 20, w: 8, h: 8, dx: -1, dy: 0, value: 7 },
        ...blocks,
      ],
      hud: { score: 12, lives: 3 },
    });
    expect(text).toBe('Ball@80,100 v+2,-4 enemy0@10,20 enemy1@30,20 v-1,+0 =7 Brick×14 [y57:7 y63:7] | score=12 lives=3');
  });
});
