import { Codes } from '../../diag/codes.js';
import type { Check } from './context.js';

type Named = { name: string };

/** Every listener, route, backend and auth provider name is unique within its list. */
export const uniqueNames: Check = (ctx) => {
  const lists: [string, readonly Named[] | undefined][] = [
    ['listeners', ctx.gateway.spec.listeners],
    ['routes', ctx.gateway.spec.routes],
    ['backends', ctx.gateway.spec.backends],
    ['authProviders', ctx.gateway.spec.authProviders],
  ];
  for (const [list, items] of lists) {
    const seen = new Map<string, number>();
    (items ?? []).forEach((item, index) => {
      const first = seen.get(item.name);
      if (first === undefined) seen.set(item.name, index);
      else ctx.report(Codes.DUPLICATE_NAME, ['spec', list, index, 'name'], `name "${item.name}" is already used by ${list}[${first}]`);
    });
  }
};
