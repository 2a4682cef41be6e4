CREATE TABLE "mirrored_packages" (
	"full_name" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"upstream" text NOT NULL,
	"document" jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mirrored_versions" (
	"full_name" text NOT NULL,
	"version" text NOT NULL,
	"document" jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mirrored_versions_full_name_version_pk" PRIMARY KEY("full_name","version")
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"key_id" text PRIMARY KEY NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "versions" ADD COLUMN "signatures" jsonb;--> statement-breakpoint
CREATE INDEX "mirrored_packages_scope_idx" ON "mirrored_packages" USING btree ("scope");