ALTER TABLE "tokens" ADD COLUMN "parent_token_id" uuid;--> statement-breakpoint
CREATE INDEX "tokens_parent_idx" ON "tokens" USING btree ("parent_token_id");