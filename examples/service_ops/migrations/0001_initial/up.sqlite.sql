-- 0001_initial: up (SQLite)
-- Written by `toasty migration generate`; review it, and edit it if you need to.

CREATE TABLE "svc_tenants" (
  "id" TEXT NOT NULL,
  "slug" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "index_svc_tenants_by_slug" ON "svc_tenants" ("slug");

CREATE TABLE "svc_api_keys" (
  "id" TEXT NOT NULL,
  "tenant_id" TEXT NOT NULL,
  "token" TEXT NOT NULL,
  PRIMARY KEY ("id")
);

CREATE INDEX "index_svc_api_keys_by_tenant_id" ON "svc_api_keys" ("tenant_id");

CREATE UNIQUE INDEX "index_svc_api_keys_by_token" ON "svc_api_keys" ("token");
