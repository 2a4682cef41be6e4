CREATE TABLE "search_vocabulary" (
	"word" text PRIMARY KEY NOT NULL,
	"lexeme" text NOT NULL,
	"packages" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "packages" ADD COLUMN "name_vector" "tsvector";--> statement-breakpoint
ALTER TABLE "packages" ADD COLUMN "title_vector" "tsvector";--> statement-breakpoint
CREATE INDEX "search_vocabulary_lexeme_idx" ON "search_vocabulary" USING btree ("lexeme");--> statement-breakpoint
CREATE INDEX "search_vocabulary_word_trgm_idx" ON "search_vocabulary" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "packages_name_vector_idx" ON "packages" USING gin ("name_vector");--> statement-breakpoint
CREATE INDEX "packages_title_vector_idx" ON "packages" USING gin ("title_vector");--> statement-breakpoint
CREATE INDEX "packages_popularity_idx" ON "packages" USING btree ("downloads" DESC NULLS LAST,"updated_at" DESC NULLS LAST,"full_name");--> statement-breakpoint
CREATE INDEX "packages_name_idx" ON "packages" USING btree ("name");--> statement-breakpoint
CREATE INDEX "packages_license_idx" ON "packages" USING btree (lower("license"));