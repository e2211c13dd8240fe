import type { DatasetClass } from '../../../../contracts/common.ts';

export const CLASS_LABELS: Record<DatasetClass, string> = {
  profile: 'Profile',
  experienceevent: 'ExperienceEvent',
};

export const CLASS_DESCRIPTIONS: Record<DatasetClass, string> = {
  profile: 'Attributes of people (XDM Individual Profile): one fragment per primary identity.',
  experienceevent: 'Time-stamped events (XDM ExperienceEvent): appended to the profile’s timeline.',
};
