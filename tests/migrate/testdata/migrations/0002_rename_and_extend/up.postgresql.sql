-- 0002_rename_and_extend: up (PostgreSQL)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

ALTER TABLE "authors" RENAME TO "writers";

ALTER TABLE "writers" RENAME COLUMN "name" TO "pen_name";

ALTER TABLE "writers" ADD COLUMN "bio" TEXT;

ALTER TABLE "writers" ADD COLUMN "books" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "writers" ALTER COLUMN "books" DROP DEFAULT;

ALTER INDEX "index_authors_by_name" RENAME TO "index_writers_by_pen_name";
