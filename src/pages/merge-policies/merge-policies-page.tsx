export function MergePoliciesPage() {
  return null;
}
