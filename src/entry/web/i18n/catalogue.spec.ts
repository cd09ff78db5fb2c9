import { en } from './en';
import { nl } from './nl';

type Tree = { [key: string]: string | readonly string[] | Tree };

/** Every leaf of a catalogue: its dotted key and its text (list items numbered). */
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') return [[path, value] as [string, string]];
    if (Array.isArray(value)) return (value as string[]).map((v, i) => [`${path}.${i}`, v] as [string, string]);
    return leaves(value as Tree, path);
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).sort();

describe('the page catalogues', () => {
  const dutch = new Map(leaves(nl));
  const english = new Map(leaves(en));

  it('have the same keys in Dutch and English (list lengths included)', () => {
    expect([...english.keys()].sort()).toEqual([...dutch.keys()].sort());
    expect(dutch.size).toBeGreaterThan(200);
  });

  it('use the same placeholders for each key, and leave no text empty', () => {
    for (const [key, text] of dutch) {
      const other = english.get(key)!;
      expect({ key, nl: placeholders(text) }).toEqual({ key, nl: placeholders(other) });
      expect({ key, empty: text.trim() === '' || other.trim() === '' }).toEqual({ key, empty: false });
    }
  });

  it('are really translated: most texts differ between the languages', () => {
    const same = [...dutch].filter(([key, text]) => english.get(key) === text).map(([key]) => key);
    expect(same.length).toBeLessThan(dutch.size / 10);
  });
});
