// Line icons drawn for Ritme on a 24px grid; they inherit the text colour.
// Decorative by default (aria-hidden): the text next to them carries the meaning.
import type { ComponentChildren } from 'preact';

interface IconProps {
  size?: number;
  class?: string;
}

function Svg({ size = 24, class: className, children }: IconProps & { children: ComponentChildren }) {
  return (
    <svg
      class={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

/** Ritme's mark: a pulse with a steady baseline. */
export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg class="logo-mark" width={size} height={size} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <rect width="100" height="100" rx="24" fill="var(--color-primary)" />
      <polyline
        points="19.6,54.6 36.3,54.6 43.2,37.8 51.5,68.2 59.1,30.2 65.2,54.6 70.5,54.6"
        fill="none"
        stroke="#fff"
        stroke-width="7"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
      <circle cx="80" cy="54.6" r="5.5" fill="var(--color-accent)" />
    </svg>
  );
}

export const TodayIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="4" />
    <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
  </Svg>
);

export const LeaderboardIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M8 21V11H3v10zM15.5 21V4h-7v17M21 21v-7h-5.5v7M2 21h20" />
  </Svg>
);

export const WinsIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M12 3l2.1 5.2 5.4.4-4.1 3.6 1.3 5.3L12 14.6l-4.7 2.9 1.3-5.3-4.1-3.6 5.4-.4z" />
    <path d="M5 20h.01M19 20h.01M12 21h.01" />
  </Svg>
);

export const MeIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" />
  </Svg>
);

export const EyeIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
    <circle cx="12" cy="12" r="3" />
  </Svg>
);

export const EyeOffIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M9.9 5.2A10.4 10.4 0 0 1 12 5c6.4 0 10 7 10 7a17.6 17.6 0 0 1-2.6 3.6M6.6 6.6C3.8 8.4 2 12 2 12s3.6 7 10 7a9.9 9.9 0 0 0 5.4-1.6" />
    <path d="M9.9 9.9a3 3 0 0 0 4.2 4.2M3 3l18 18" />
  </Svg>
);

export const AlertIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="10" />
    <path d="M12 7v6M12 17h.01" />
  </Svg>
);

export const CheckIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="10" />
    <path d="M7.5 12.5l3 3 6-6.5" />
  </Svg>
);

export const MailIcon = (props: IconProps) => (
  <Svg {...props}>
    <rect x="2.5" y="4.5" width="19" height="15" rx="2" />
    <path d="M3 6l9 7 9-7" />
  </Svg>
);

export const RefreshIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M21 12a9 9 0 1 1-2.6-6.4L21 8" />
    <path d="M21 3v5h-5" />
  </Svg>
);

export const LinkOffIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M9 17H7a5 5 0 0 1 0-10h2M15 7h2a5 5 0 0 1 4 8M8 12h4M3 3l18 18" />
  </Svg>
);

export const ChevronIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M6 9l6 6 6-6" />
  </Svg>
);

export const RhythmIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M3 12h4l2.5-6 4 12 3-9 1.5 3H21" />
  </Svg>
);

export const ListIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01" />
  </Svg>
);

export const InfoIcon = (props: IconProps) => (
  <Svg {...props}>
    <circle cx="12" cy="12" r="10" />
    <path d="M12 11v6M12 7h.01" />
  </Svg>
);

export const UploadIcon = (props: IconProps) => (
  <Svg {...props}>
    <path d="M12 16V4M7 9l5-5 5 5M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />
  </Svg>
);
