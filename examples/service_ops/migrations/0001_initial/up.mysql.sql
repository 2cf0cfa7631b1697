-- 0001_initial: up (MySQL/MariaDB)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

CREATE TABLE `svc_tenants` (
  `id` CHAR(36) NOT NULL,
  `slug` VARCHAR(191) NOT NULL,
  `name` LONGTEXT NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `index_svc_tenants_by_slug` (`slug`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE `svc_api_keys` (
  `id` CHAR(36) NOT NULL,
  `tenant_id` CHAR(36) NOT NULL,
  `token` VARCHAR(191) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `index_svc_api_keys_by_tenant_id` (`tenant_id`),
  UNIQUE KEY `index_svc_api_keys_by_token` (`token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
