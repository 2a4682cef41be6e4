/**
 * A larger listing from a loaded one, in seconds rather than the hour indexing 100,000 packages one by
 * one takes on a shared machine: every package (and its latest version) copied `copies - 1` times
 * under a suffixed name (`@acme/disk-full-remediation-c3`), with its download count scaled down by the
 * copy's number so copies interleave with other packages in download order. The listing columns
 * (vectors, uses, keywords) are copied as they are (READMEs are not: search never reads them): the indexing of a package depends only on its own
 * contents, so a copy is what indexing its renamed twin would give, but for the suffix in the name.
 * The vocabulary's package counts are scaled alike.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import { queryRows } from '../../src/db/rows.js';

export async function replicateListing(db: Db, copies: number): Promise<void> {
  if (copies <= 1) return;
  await db.transaction(async (tx) => {
    // The revision triggers would touch every copied package once per version: nothing reads them here.
    await tx.execute(sql`set local session_replication_role = replica`);
    const [row] = await queryRows<{ last: string | number }>(tx, sql`select max(id) as last from packages`);
    const last = Number(row!.last);
    await tx.execute(sql`
      insert into packages (org_id, scope, name, full_name, kind, access, description, keywords, license,
        latest_version, uses, deprecated, downloads, search_vector, name_vector, title_vector, created_at, updated_at)
      select p.org_id, p.scope, p.name || '-c' || k, p.full_name || '-c' || k, p.kind, p.access, p.description,
        p.keywords, p.license, p.latest_version, p.uses, p.deprecated, p.downloads * (${copies} - k) / ${copies},
        p.search_vector, p.name_vector, p.title_vector, p.created_at, p.updated_at - k * interval '1 hour'
      from packages p cross join generate_series(1, ${copies - 1}::int) as k
      where p.id <= ${last}
      order by k, p.id`);
    await tx.execute(sql`
      insert into versions (package_id, version, manifest, contents, files, dependencies, readme, integrity,
        blob_key, size, unpacked_size, published_at, deprecated)
      select c.id, v.version, v.manifest, v.contents, v.files, v.dependencies, null, v.integrity,
        v.blob_key, v.size, v.unpacked_size, v.published_at, v.deprecated
      from packages p cross join generate_series(1, ${copies - 1}::int) as k
      join packages c on c.full_name = p.full_name || '-c' || k
      join versions v on v.package_id = p.id and v.version = p.latest_version
      where p.id <= ${last}`);
    await tx.execute(sql`update search_vocabulary set packages = packages * ${copies}`);
  });
  await db.execute(sql`vacuum analyze`);
}
