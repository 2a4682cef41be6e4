-- A package's revision moves on every change to what its documents show (see packages.revision).
CREATE FUNCTION "packages_row_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The download count changes on every flush and is read live: it does not move the revision.
  IF (to_jsonb(NEW) - 'downloads' - 'revision') IS DISTINCT FROM (to_jsonb(OLD) - 'downloads' - 'revision') THEN
    NEW.revision := OLD.revision + 1;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "packages_row_revision" BEFORE UPDATE ON "packages"
  FOR EACH ROW EXECUTE FUNCTION "packages_row_revision"();
--> statement-breakpoint
CREATE FUNCTION "packages_child_revision"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE "packages" SET "revision" = "revision" + 1 WHERE "id" = OLD.package_id;
  ELSE
    UPDATE "packages" SET "revision" = "revision" + 1 WHERE "id" = NEW.package_id;
    IF TG_OP = 'UPDATE' AND OLD.package_id <> NEW.package_id THEN
      UPDATE "packages" SET "revision" = "revision" + 1 WHERE "id" = OLD.package_id;
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "versions_revision" AFTER INSERT OR UPDATE OR DELETE ON "versions"
  FOR EACH ROW EXECUTE FUNCTION "packages_child_revision"();
--> statement-breakpoint
CREATE TRIGGER "dist_tags_revision" AFTER INSERT OR UPDATE OR DELETE ON "dist_tags"
  FOR EACH ROW EXECUTE FUNCTION "packages_child_revision"();
