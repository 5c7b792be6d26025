// How a person shows on a card: initials in a circle, and their name linking to their profile.
import { initials } from './format';

export function Avatar({ name, tone = 'teal' }: { name: string; tone?: 'teal' | 'amber' }) {
  return (
    <span class={`rc-avatar rc-avatar--${tone}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function PersonLink({ person }: { person: { id: number; name: string } }) {
  return (
    <a class="rc-person" href={`/people/${person.id}`}>
      {person.name}
    </a>
  );
}
