-- Every move of a package's revision, and every change of its download count, is announced on the
-- channel "patternhub_changes", payload "<full name> <revision>" (src/db/change-feed.ts), so servers
-- can trust the package heads they cached until told otherwise. NOTIFY is transactional: the notice
-- goes out on commit, in commit order, and never for a rolled-back write.
CREATE OR REPLACE FUNCTION "packages_row_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The download count changes on every flush and is read live: it does not move the revision.
  IF (to_jsonb(NEW) - 'downloads' - 'revision') IS DISTINCT FROM (to_jsonb(OLD) - 'downloads' - 'revision') THEN
    NEW.revision := OLD.revision + 1;
  END IF;
  -- Also when a child table's trigger (packages_child_revision) moved it; a download flush changes
  -- what the package document shows without moving the revision.
  IF NEW.revision IS DISTINCT FROM OLD.revision OR NEW.downloads IS DISTINCT FROM OLD.downloads THEN
    PERFORM pg_notify('patternhub_changes', NEW.full_name || ' ' || NEW.revision);
  END IF;
  RETURN NEW;
END $$;
