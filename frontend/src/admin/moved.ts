// Old addresses of screens that moved into Beheer, in a module of its own: the app's router needs it
// in the first load, the admin screens (AdminLayout) do not belong there.

/** Addresses from before the behaviour editor, the import and the team grid moved into Beheer. */
export const MOVED: Record<string, string> = {
  '/behaviours': '/admin/behaviours',
  '/import': '/admin/import',
  '/team': '/admin/team',
};
