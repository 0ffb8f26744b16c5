import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { PathSegment } from './path.js';

/** A 1-based line and column in a source file. */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

/** Whether a location should point at a mapping key or at its value. */
export type LocateTarget = 'key' | 'value';

function childOf(doc: Document, node: unknown, segment: PathSegment): { key?: Node; value: unknown } | undefined {
  const resolved = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(resolved)) {
    for (const item of resolved.items) {
      if (!isPair(item)) continue;
      const key = item.key;
      const keyValue = isScalar(key) ? key.value : key;
      if (String(keyValue) === String(segment)) return { key: key as Node, value: item.value };
    }
    return undefined;
  }
  if (isSeq(resolved) && typeof segment === 'number') {
    const value = resolved.items[segment];
    return value === undefined ? undefined : { value };
  }
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (range) return range[0];
  }
  return undefined;
}

/**
 * Finds the source offset of a field path in a YAML document. When the path does not exist (a missing
 * field), the nearest existing parent is used, so every diagnostic has a position.
 */
export function locateOffset(doc: Document, path: readonly PathSegment[], target: LocateTarget = 'value'): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const child = childOf(doc, node, path[i] as PathSegment);
    if (!child) break;
    const isLast = i === path.length - 1;
    if (isLast && target === 'key' && child.key) {
      offset = rangeStart(child.key) ?? offset;
      break;
    }
    node = child.value;
    offset = rangeStart(node) ?? rangeStart(child.key) ?? offset;
  }
  return offset;
}

/** Maps a path in a document to a 1-based line and column. */
export function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  target: LocateTarget = 'value',
): Position {
  const { line, col } = lineCounter.linePos(locateOffset(doc, path, target));
  return { line, col };
}
