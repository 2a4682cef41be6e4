/**
 * Concurrent publishes: of one name@version exactly one wins (201), every other answers 409
 * VERSION_EXISTS, and nothing of the losers is written (no version, blob, edge, tag or audit row).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { tarballPath, versionPath } from '../../src/core/api-paths.js';
import { computeIntegrity, integrityToHex } from '../../src/core/tarball/index.js';
import {
  buildTarball,
  expectJson,
  expectProblem,
  type PackageSpec,
  publish,
  publishOk,
  rowsOf,
} from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

const RACERS = 20;
let registry: TestRegistry;

before(async () => {
  registry = await startTestRegistry();
  await publishOk(
    registry,
    { name: '@admin/base', version: '1.0.0', kind: 'action' },
    { token: registry.adminToken },
  );
});
after(async () => {
  await registry.close();
});

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(registry, query);
  return row!.n;
}

/** Publishes RACERS different tarballs of one name@version at once; returns the winner's integrity. */
async function race(name: string, version: string): Promise<{ winner: string; losers: string[] }> {
  const specs: PackageSpec[] = Array.from({ length: RACERS }, (_, index) => ({
    name,
    version,
    description: `Racer ${index}.`,
    dependencies: { '@admin/base': '^1.0.0' },
    calls: ['@admin/base.base'],
  }));
  const tarballs = specs.map((spec) => buildTarball(spec));
  const responses = await Promise.all(
    specs.map((spec, index) =>
      publish(registry, spec, { token: registry.adminToken, tarball: tarballs[index]! }),
    ),
  );
  const won: number[] = [];
  for (const [index, res] of responses.entries()) {
    if (res.status === 201) {
      await res.json();
      won.push(index);
    } else {
      await expectProblem(res, 409, 'VERSION_EXISTS');
    }
  }
  assert.equal(won.length, 1, `exactly one publish wins, got ${won.length}`);
  const integrities = tarballs.map((tarball) => computeIntegrity(tarball));
  return {
    winner: integrities[won[0]!]!,
    losers: integrities.filter((_, index) => index !== won[0]),
  };
}

async function assertExactlyOne(name: string, version: string, winner: string, losers: string[]) {
  const target = `${name}@${version}`;
  assert.equal(await count(sql`select count(*)::int as n from packages where full_name = ${name}`), 1);
  const rows = await rowsOf<{ integrity: string; id: number }>(
    registry,
    sql`select v.integrity, v.id from versions v join packages p on p.id = v.package_id
        where p.full_name = ${name} and v.version = ${version}`,
  );
  assert.equal(rows.length, 1, 'one version row');
  assert.equal(rows[0]!.integrity, winner, "the stored version is the winner's");
  assert.equal(
    await count(sql`select count(*)::int as n from dependencies where version_id = ${rows[0]!.id}`),
    1,
    'one dependency edge',
  );
  assert.equal(
    await count(
      sql`select count(*)::int as n from audit_log where action = 'package.publish' and target = ${target}`,
    ),
    1,
    'one audit entry',
  );
  assert.equal(
    await count(sql`select count(*)::int as n from blobs where key = ${integrityToHex(winner)}`),
    1,
  );
  for (const loser of losers) {
    assert.equal(
      await count(sql`select count(*)::int as n from blobs where key = ${integrityToHex(loser)}`),
      0,
      'no blob of a losing publish',
    );
  }
  // And the registry answers the winner's bytes.
  const version_ = await expectJson<{ integrity: string }>(
    await registry.request(versionPath(name, version)),
  );
  assert.equal(version_.integrity, winner);
  const tarball = await registry.request(tarballPath(name, version));
  assert.equal(computeIntegrity(new Uint8Array(await tarball.arrayBuffer())), winner);
}

describe(`${RACERS} concurrent publishes of one name@version`, () => {
  it('of a new package: one 201, the rest 409, nothing half-written', async () => {
    const { winner, losers } = await race('@admin/raced', '1.0.0');
    await assertExactlyOne('@admin/raced', '1.0.0', winner, losers);
    const tags = await expectJson(await registry.request('/v1/packages/admin/raced/dist-tags'));
    assert.deepEqual(tags, { latest: '1.0.0' });
  });

  it('of a new version of an existing package: one 201, the rest 409', async () => {
    const { winner, losers } = await race('@admin/raced', '1.1.0');
    await assertExactlyOne('@admin/raced', '1.1.0', winner, losers);
    const tags = await expectJson(await registry.request('/v1/packages/admin/raced/dist-tags'));
    assert.deepEqual(tags, { latest: '1.1.0' });
  });
});

describe('concurrent publishes of different versions', () => {
  it('all succeed, and latest ends on the highest', async () => {
    const versions = ['1.0.0', '1.0.1', '1.1.0', '1.2.0', '1.2.1', '1.3.0', '1.10.0', '1.9.0'];
    const responses = await Promise.all(
      versions.map((version) =>
        publish(registry, { name: '@admin/fanout', version }, { token: registry.adminToken }),
      ),
    );
    for (const res of responses) await expectJson(res, 201);
    const doc = await expectJson<{ versions: Record<string, unknown>; distTags: Record<string, string> }>(
      await registry.request('/v1/packages/admin/fanout'),
    );
    assert.deepEqual(Object.keys(doc.versions).sort(), [...versions].sort());
    assert.deepEqual(doc.distTags, { latest: '1.10.0' });
  });
});

describe('removal racing a dependent publish', () => {
  it('never leaves a published dependent on a removed version', async () => {
    const token = registry.adminToken;
    // The removal starts a little later each round, to land in different steps of the publish.
    const delays = [0, 0, 2, 5, 10, 20, 40, 80];
    for (const [round, delay] of delays.entries()) {
      const member = `raced-lib-${round}`;
      const lib = `@admin/${member}`;
      await publishOk(registry, { name: lib, version: '1.0.0', kind: 'action' }, { token });
      const dependent = publish(
        registry,
        {
          name: `@admin/raced-user-${round}`,
          version: '1.0.0',
          dependencies: { [lib]: '^1.0.0' },
          calls: [`${lib}.${member}`],
        },
        { token },
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      const removal = await registry.request(`/v1/packages/admin/${member}/1.0.0`, {
        method: 'DELETE',
        token,
      });
      const published = (await dependent).status === 201;
      const removed = removal.status === 200;
      if (removed) await removal.json();
      else await expectProblem(removal, 409, 'HAS_DEPENDENTS');
      if (published) await (await dependent).json();
      else await expectProblem(await dependent, 422, 'DEPENDENCY_UNRESOLVED');
      assert.ok(
        !(removed && published),
        `round ${round}: the dependency was removed under a published dependent`,
      );
      assert.ok(removed || published, `round ${round}: one of the two succeeds`);
      // What the registry holds agrees with the answers.
      const edges = await count(
        sql`select count(*)::int as n from dependencies d join versions v on v.id = d.version_id
            where d.depends_on = ${lib} and v.removed_at is null`,
      );
      assert.equal(edges, published ? 1 : 0);
    }
  });
});
