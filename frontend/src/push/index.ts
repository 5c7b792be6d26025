// Web Push for the page: what other screens may call.
export { offerReminders } from './offer';
export { ReminderSection } from './ReminderSettings';
export { disableReminders, enableReminders, pushState, pushSupported, sendTestNotification } from './push';
