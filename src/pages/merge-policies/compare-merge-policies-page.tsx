export function CompareMergePoliciesPage() {
  return null;
}
