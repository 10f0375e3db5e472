import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// 组织机构 — org units form a tree of any depth (R-PLT-01). `path` is the materialised chain of
// ids (`/1/4/9/`) so "my unit and below" is one indexed prefix match.
export const orgUnits = pgTable(
  'org_units',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    parentId: integer(),
    name: text().notNull(),
    code: text().notNull(),
    kind: text().notNull().default('department'),
    managerId: integer(),
    sortOrder: integer().notNull().default(0),
    path: text().notNull().default(''),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_units_code_key').on(t.code),
    index('org_units_parent_idx').on(t.parentId),
    index('org_units_path_idx').on(sql`${t.path} text_pattern_ops`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    username: text().notNull(),
    displayName: text().notNull(),
    unitId: integer()
      .notNull()
      .references(() => orgUnits.id),
    mobile: text(),
    email: text(),
    passwordHash: text().notNull(),
    // active | disabled (离职 users are disabled, never deleted — R-PLT-05)
    status: text().notNull().default('active'),
    mustChangePassword: boolean().notNull().default(false),
    failedLoginCount: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    passwordChangedAt: timestamp({ withTimezone: true }),
    locale: text().notNull().default('zh-CN'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_key').on(sql`lower(${t.username})`), index('users_unit_idx').on(t.unitId)],
);

// 角色 — permissions plus a data scope per resource (R-PLT-02, R-PLT-03).
export const roles = pgTable(
  'roles',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    builtIn: boolean().notNull().default(false),
    permissions: jsonb().$type<string[]>().notNull().default([]),
    dataScopes: jsonb().$type<Record<string, string>>().notNull().default({}),
    /**
     * Built-in roles: the permission codes the catalogue had when the role was last brought up to
     * date. A code added later is granted once if the role has it by default; a code an
     * administrator removed is never given back.
     */
    knownPermissions: jsonb().$type<string[]>().notNull().default([]),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('roles_code_key').on(t.code)],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    roleId: integer()
      .notNull()
      .references(() => roles.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index('user_roles_role_idx').on(t.roleId)],
);
