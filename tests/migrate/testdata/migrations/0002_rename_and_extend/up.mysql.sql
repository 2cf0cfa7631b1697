-- 0002_rename_and_extend: up (MySQL/MariaDB)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

RENAME TABLE `authors` TO `writers`;

ALTER TABLE `writers` RENAME COLUMN `name` TO `pen_name`;

ALTER TABLE `writers` ADD COLUMN `bio` LONGTEXT;

ALTER TABLE `writers` ADD COLUMN `books` INT;

UPDATE `writers` SET `books` = 0;

ALTER TABLE `writers` MODIFY COLUMN `books` INT NOT NULL;

ALTER TABLE `writers` RENAME INDEX `index_authors_by_name` TO `index_writers_by_pen_name`;
