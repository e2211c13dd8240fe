// AEP keeps Profile enablement and upsert in catalog tags: {"unifiedProfile": ["enabled:true", "isUpsert:true"]}.
import type { DatasetTags } from '../../../contracts/index.ts';

export function readProfileFlags(tags: DatasetTags): { profileEnabled: boolean; upsert: boolean } {
  const values = tags.unifiedProfile ?? [];
  return { profileEnabled: values.includes('enabled:true'), upsert: values.includes('isUpsert:true') };
}

export function withProfileFlags(tags: DatasetTags, flags: { profileEnabled: boolean; upsert: boolean }): DatasetTags {
  const others = (tags.unifiedProfile ?? []).filter((v) => !/^(enabled|isUpsert):/.test(v));
  const unifiedProfile = [`enabled:${flags.profileEnabled}`, ...(flags.upsert ? ['isUpsert:true'] : []), ...others];
  return { ...tags, unifiedProfile };
}
