import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeYaml, yamlString } from '../../../src/targets/envoy/yaml-writer.js';
import { createRandom, type Random } from '../../property/random.js';

/** Strings a YAML reader could take for something else, or that YAML cannot carry verbatim. */
const TRICKY = [
  '', ' ', 'true', 'False', 'yes', 'NO', 'on', 'off', 'y', 'n', 'null', '~', '1', '-1', '+1', '1.5', '.5', '1e3', '0x1F', '0o17', '0755', '1_000', '1:20', '2026-12-02',
  '.inf', '.nan', '10s', '0.0.0.0', '*', '&a', '!tag', '@type', '%x', '#c', 'a #b', 'a: b', 'a:', ':a', '- a', '? a', '|', '>', '"q"', "'q'", '[a]', '{a}', 'a,b',
  'line\nbreak', 'tab\there', 'cr\r', '\u0000nul', '\u007fdel', '\u0085nel', '\u2028ls', 'é ü', '😀', 'https://chat.example.com', 'WSAFF=1; Path=/', 'x\n- evil: "1"',
];

function randomValue(rnd: Random, depth: number): unknown {
  return rnd.weighted<unknown>([
    [4, () => rnd.pick(TRICKY)],
    [2, () => rnd.string('abc:/.=- 9#\n"', rnd.int(0, 6))],
    [1, () => rnd.int(-5, 100_000)],
    [1, () => rnd.chance(0.5)],
    [1, () => null],
    [depth > 0 ? 2 : 0, () => Array.from({ length: rnd.int(0, 3) }, () => randomValue(rnd, depth - 1))],
    [depth > 0 ? 3 : 0, () => Object.fromEntries(Array.from({ length: rnd.int(0, 4) }, () => [rnd.pick(TRICKY), randomValue(rnd, depth - 1)]))],
  ]);
}

describe('the Envoy YAML writer', () => {
  it('writes every tricky string so that a YAML reader reads back exactly that string', () => {
    for (const value of TRICKY) expect(parse(`k: ${yamlString(value)}\n`), JSON.stringify(value)).toEqual({ k: value });
  });

  it('round-trips 500 random nested documents', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const data = { root: randomValue(createRandom(seed), 4) };
      expect(parse(writeYaml(data)), `seed ${seed}`).toEqual(data);
    }
  });

  it('writes block style with the first key of a list item on its dash line', () => {
    expect(writeYaml({ a: [{ name: 'x', port: 1 }, 'z', [], {}], b: {} })).toBe('a:\n  - name: x\n    port: 1\n  - z\n  - []\n  - {}\nb: {}\n');
  });
});
