// The administration screens, for app.tsx's router.
import { Redirect } from '../components/Redirect';

export { AuditPage } from './AuditPage';
export { SignedOutRedirect } from './FirstRun';
export { OrganisationPage } from './OrganisationPage';
export { PeoplePage } from './PeoplePage';
export { SetupPage } from './SetupPage';
export { TeamsPage } from './TeamsPage';

export function AdminHome() {
  return <Redirect to="/admin/people" />;
}
