import { afterEach, expect, it } from 'vitest';
import { mountDashboard } from '../../src/dashboard/routes.js';
import { redeemSignInToken, issueSignInToken } from '../../src/dashboard/sign-in.js';
import type { Store } from '../../src/domain/store.js';
import { HttpServer } from '../../src/http/server.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';

let w: World | undefined;
let http: HttpServer | undefined;
afterEach(async () => {
  await http?.close();
  await w?.close();
  http = w = undefined;
});

it('the running assistant computes this year\'s overview numbers before anyone asks, and the first viewer gets them', async () => {
  w = await makeWorld();
  const world = w;
  const years: number[] = [];
  // The store as the dashboard sees it, counting the numbers' computations (each reads the year's plans once).
  const counting = new Proxy(world.store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'plansInYear') return async (year: number) => (years.push(year), target.plansInYear(year));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as Store;
  http = new HttpServer();
  await http.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${http.port}`;
  const unmount = mountDashboard(http, { store: counting, clock: world.clock, tz: 'Asia/Jakarta', profile: 'lan-2018', publicUrl: origin, keepWarm: true });
  for (let i = 0; i < 100 && years.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(years).toEqual([2026]);

  const { token } = await issueSignInToken(world.store, NIP.admin, world.clock.now());
  const signedIn = await redeemSignInToken(world.store, token, world.clock.now());
  if (!signedIn.ok) throw new Error(signedIn.reason);
  const page = await fetch(`${origin}/dasbor`, { headers: { cookie: `bangkom_dasbor=${signedIn.session}` } });
  expect(page.status).toBe(200);
  expect(years).toEqual([2026]);
  unmount();
});
