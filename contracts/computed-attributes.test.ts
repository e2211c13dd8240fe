// The computed-attribute schemas against the examples of api-contract §8 and the spec.
import { describe, expect, it } from 'vitest';
import {
  ComputedAttributeListSchema,
  ComputedAttributeSchema,
  CreateComputedAttributeBodySchema,
  CreateLegacyComputedAttributeBodySchema,
  DurationSchema,
  LegacyPatchBodySchema,
  ListComputedAttributesQuerySchema,
  PatchComputedAttributeBodySchema,
} from './computed-attributes.ts';

const EXPRESSION =
  'xEvent[(commerce.checkouts.value > 0.0 or commerce.purchases.value > 1.0 or commerce.order.priceTotal >= 10.0) and (timestamp occurs <= 7 days before now)].sum(commerce.order.priceTotal)';

/** §8.1 example object. */
const DOC_CA = {
  id: '1e8d0d77-b2bb-4b17-bbe6-2dbc08c1a631',
  type: 'ComputedAttribute',
  name: 'testing',
  displayName: 'Sample Display Name',
  description: 'Sample Description',
  imsOrgId: '{ORG_ID}',
  sandbox: { sandboxId: '02dd69f0-da73-11e9-9ea1-af59ce7c24e8', sandboxName: 'prod', type: 'production', isDefault: true },
  path: '{TENANT_ID}/ComputedAttributes',
  keepCurrent: false,
  expression: { type: 'PQL', format: 'pql/text', value: EXPRESSION },
  mergeFunction: { value: 'SUM' },
  status: 'DRAFT',
  schema: { name: '_xdm.context.profile' },
  duration: { count: 7, unit: 'DAYS' },
  lastEvaluationTs: '',
  createEpoch: 1680070188696,
  updateEpoch: 1680070188696,
  createdBy: '{USER_ID}',
};

describe('computed attribute contracts', () => {
  it('read the documented object and list (positionPath added as the spec has it)', () => {
    expect(ComputedAttributeSchema.safeParse({ ...DOC_CA, positionPath: ['{TENANT_ID}', 'ComputedAttributes'] }).success).toBe(true);
    const list = {
      _links: { last: { href: '/attributes?offset=3&limit=1' }, next: { href: '/attributes?offset=20&limit=20' }, prev: { href: '/attributes?offset=0&limit=20' }, self: { href: '/attributes?offset=0&limit=20' } },
      computedAttributes: [{ ...DOC_CA, positionPath: [] }],
      _page: { offset: 0, limit: 20, count: 3, totalCount: 3 },
    };
    expect(ComputedAttributeListSchema.safeParse(list).success).toBe(true);
  });

  it('accept the spec’s create example and default what it leaves out', () => {
    const body = CreateComputedAttributeBodySchema.parse({
      name: 'sampleComputedAttribute',
      description: 'A sample computed attribute',
      displayName: 'Sample Computed Attribute',
      expression: { type: 'PQL', format: 'pql/text', value: EXPRESSION },
      keepCurrent: false,
      duration: { count: 3, unit: 'MONTHS' },
      status: 'DRAFT',
    });
    expect(body.duration).toEqual({ count: 3, unit: 'MONTHS' });
    const minimal = CreateComputedAttributeBodySchema.parse({ name: 'a1', displayName: 'A', expression: { value: 'xEvent.count()' }, duration: { count: '2', unit: 'hours' } });
    expect(minimal).toMatchObject({ status: 'DRAFT', description: '', keepCurrent: false, expression: { type: 'PQL', format: 'pql/text' }, duration: { count: 2, unit: 'HOURS' } });
  });

  it.each([
    [{ count: 1, unit: 'HOURS' }, true],
    [{ count: 24, unit: 'HOURS' }, true],
    [{ count: 25, unit: 'HOURS' }, false],
    [{ count: 7, unit: 'DAYS' }, true],
    [{ count: 8, unit: 'DAYS' }, false],
    [{ count: 4, unit: 'WEEKS' }, true],
    [{ count: 5, unit: 'WEEKS' }, false],
    [{ count: 6, unit: 'MONTHS' }, true],
    [{ count: 0, unit: 'MONTHS' }, false],
    [{ count: 1.5, unit: 'DAYS' }, false],
  ])('bounds the lookback per unit: %o → %s', (duration, ok) => {
    expect(DurationSchema.safeParse(duration).success).toBe(ok);
  });

  it('read list parameters, PATCH objects and legacy bodies as documented', () => {
    expect(ListComputedAttributesQuerySchema.parse({})).toEqual({ limit: 20, offset: 0 });
    expect(ListComputedAttributesQuerySchema.safeParse({ limit: '41' }).success).toBe(false);
    expect(ListComputedAttributesQuerySchema.safeParse({ sortBy: '-name', property: ['status=contains(new,processing,disabled)', 'updateEpoch>=1683669114845'] }).success).toBe(true);
    expect(PatchComputedAttributeBodySchema.safeParse({ description: 'x', expression: { type: 'PQL', format: 'pql/text', value: EXPRESSION }, status: 'NEW' }).success).toBe(true);
    expect(PatchComputedAttributeBodySchema.safeParse({ status: 'ACTIVE' }).success).toBe(false);
    expect(CreateLegacyComputedAttributeBodySchema.parse({ name: 'legacy', path: '_{TENANT_ID}', description: 'd', expression: { type: 'PQL', format: 'pql/text', value: EXPRESSION }, schema: { name: '_xdm.context.profile' } }).active).toBe(true);
    expect(LegacyPatchBodySchema.safeParse([{ op: 'add', path: '/expression', value: { type: 'PQL', format: 'pql/text', value: EXPRESSION } }]).success).toBe(true);
    expect(LegacyPatchBodySchema.safeParse({ op: 'add', path: '/expression' }).success).toBe(false);
  });
});
