-- 0002_rename_and_extend: down (PostgreSQL)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

ALTER TABLE "writers" RENAME TO "authors";

ALTER TABLE "authors" RENAME COLUMN "pen_name" TO "name";

ALTER TABLE "authors" DROP COLUMN "bio";

ALTER TABLE "authors" DROP COLUMN "books";

ALTER INDEX "index_writers_by_pen_name" RENAME TO "index_authors_by_name";
