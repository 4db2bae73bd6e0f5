/** Roles of API users. `admin` manages users; both may manage components unless configured otherwise. */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const LEVEL: Readonly<Record<Role, number>> = { user: 10, admin: 1000 };

/** Whether a caller with role `actual` may do what needs `required` (admins may do everything users may). */
export function hasRole(actual: Role, required: Role): boolean {
  return LEVEL[actual] >= LEVEL[required];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
