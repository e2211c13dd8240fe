// AEP keeps Profile enablement and upsert in the dataset's catalog tags:
// `{"unifiedProfile": ["enabled:true", "isUpsert:true"]}`. Other tags are kept as they are.
import type { DatasetTags } from '../../../contracts/catalog.ts';

export interface ProfileFlags {
  profileEnabled: boolean;
  upsert: boolean;
}

export function readProfileFlags(tags: DatasetTags | undefined): ProfileFlags {
  const values = tags?.unifiedProfile ?? [];
  return { profileEnabled: values.includes('enabled:true'), upsert: values.includes('isUpsert:true') };
}

/** The tags with the flags replaced. Upsert only exists on a Profile-enabled dataset. */
export function withProfileFlags(tags: DatasetTags | undefined, flags: ProfileFlags): DatasetTags {
  const others = (tags?.unifiedProfile ?? []).filter((v) => !/^(enabled|isUpsert):/.test(v));
  const upsert = flags.profileEnabled && flags.upsert;
  return {
    ...tags,
    unifiedProfile: [`enabled:${flags.profileEnabled}`, ...(upsert ? ['isUpsert:true'] : []), ...others],
  };
}
